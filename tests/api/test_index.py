"""`/api/v1/` itself: an index of the endpoints; unknown addresses under it and unknown query parameters on any
endpoint answer JSON errors in Chinese, never the HTML error page and never a silently ignored filter."""

import pytest

pytestmark = pytest.mark.django_db


def test_api_root_lists_every_endpoint_with_a_chinese_description(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    body = response.json()
    endpoints = {e["path"]: e for e in body["endpoints"]}
    schema_paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(endpoints) == set(schema_paths)
    assert endpoints["/api/v1/textbooks"]["description"] == "规划教材目录"
    assert "program" in endpoints["/api/v1/textbooks"]["parameters"]
    assert endpoints["/api/v1/programs/{code}"]["description"] == "专业详情"
    assert body["docs"] == "/api/v1/docs"


@pytest.mark.parametrize("url", ["/api/v1/nope", "/api/v1/textbooks/9787504000019/more", "/api/v1/a/b/c"])
def test_unknown_addresses_under_the_api_are_json_404s(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    body = response.json()
    assert "接口地址" in body["detail"] and url in body["detail"] and body["errors"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/",
        "/api/v1/categories",
        "/api/v1/programs",
        "/api/v1/editions",
        "/api/v1/standards",
        "/api/v1/search",
        "/api/v1/curriculum/trace",
    ],
)
def test_every_endpoint_refuses_an_unknown_query_parameter(client, url):
    response = client.get(url, {"categroy": "01"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("未知参数：categroy。")
    assert body["errors"] == [{"parameter": "categroy", "message": "未知参数"}]


def test_unknown_parameter_message_names_the_accepted_ones(client):
    body = client.get("/api/v1/programs", {"levle": "intermediate", "limit": "5"}).json()
    assert "levle" in body["detail"] and "可用参数：" in body["detail"]
    for name in ("category", "level", "sector", "status", "limit", "offset"):
        assert name in body["detail"]
    assert "limit" not in [e["parameter"] for e in body["errors"]]


def test_known_parameters_including_search_facets_still_work(client):
    assert client.get("/api/v1/programs", {"limit": "5", "offset": "0"}).status_code == 200
    assert client.get("/api/v1/search", {"q": "x", "level": "intermediate"}).status_code != 400


def test_schema_documents_the_400_on_every_endpoint(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert all("400" in item["get"]["responses"] for item in paths.values())
