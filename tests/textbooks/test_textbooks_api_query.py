"""`/api/v1/textbooks?q=`: the site search's matching and order over listed titles, with the filters; any unknown
parameter is a 400 in Chinese naming it, never a silent full list."""

import pytest

from tests.search import conftest as search_corpus

corpus = (
    search_corpus.corpus
)  # seven listed titles (one draft, one not live), indexed: the search tests' fixture

pytestmark = pytest.mark.django_db
URL = "/api/v1/textbooks"


def listed(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content.decode()
    return response.json()


def test_q_finds_listed_titles_in_the_site_search_order(client, corpus):
    for q in ("汽车", "shukong", "焊接", "數控"):
        searched = client.get("/search/api/", {"q": q, "type": "textbook"}).json()["results"]
        data = listed(client, q=q)
        assert [item["isbn"] for item in data["items"]] == [hit["key"] for hit in searched]
        assert data["count"] == len(searched)
    assert [item["title"] for item in listed(client, q="shukong")["items"]] == ["数控车床编程与操作"]


def test_q_is_not_ignored_any_more(client, corpus):
    assert listed(client)["count"] == 7
    welding = listed(client, q="焊接")
    assert 0 < welding["count"] < 7
    assert "焊接机器人草稿" not in {item["title"] for item in welding["items"]}
    assert listed(client, q="不存在的词语") == {"count": 0, "limit": 20, "offset": 0, "items": []}


def test_q_narrows_together_with_filters_and_pages(client, corpus):
    advanced = listed(client, q="汽车", level="advanced")
    assert {item["level"] for item in advanced["items"]} == {"advanced"}
    assert "汽车电器维修" not in {item["title"] for item in advanced["items"]}
    everything = listed(client, q="汽车")["items"]
    assert listed(client, q="汽车", limit=1, offset=1)["items"] == everything[1:2]
    assert listed(client, q="汽车", program="0404")["items"][0]["title"] == "新能源汽车高压安全"


@pytest.mark.parametrize("params", [{"foo": "1"}, {"qq": "汽车"}, {"q": "汽车", "sort": "year"}])
def test_an_unknown_parameter_is_refused_in_chinese_and_named(client, corpus, params):
    response = client.get(URL, params)
    unknown = next(name for name in params if name != "q")
    body = response.json()
    assert response.status_code == 400
    assert body["detail"].startswith(f"未知参数：{unknown}。可用参数：q, category, program, level, kind")
    assert body["errors"] == [{"parameter": unknown, "message": "未知参数"}]


def test_several_unknown_parameters_are_all_named(client, corpus):
    body = client.get(URL, {"foo": "1", "bar": "2", "level": "advanced"}).json()
    assert body["detail"].startswith("未知参数：foo、bar。")


def test_the_published_schema_documents_q_and_the_400(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/textbooks"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {"q", "category", "program", "level", "kind", "publisher", "batch", "limit", "offset"}
    assert {"200", "400", "422", "503"} <= set(operation["responses"])
