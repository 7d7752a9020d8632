"""Standards, textbooks and search through the API: only public content, drafts and applications never."""

import pytest

from .conftest import DRAFT, IN_REVIEW, LISTED, NOT_LISTED, NOT_LIVE

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params)
    return response, response.json()


def test_standards_list_only_published_ones(client, standards):
    _, body = get(client, "/api/v1/standards")
    titles = {s["title"]: s for s in body["items"]}
    assert body["count"] == 2 and "未发布课程" not in titles
    training = titles[standards["standard"].title]
    assert (
        training["type"] == "training"
        and training["program"] == "7101"
        and training["current_version"] == "1.0"
    )
    assert titles["思想政治"]["current_version"] == "1.1" and titles["思想政治"]["course_code"] == "G01"
    _, only_course = get(client, "/api/v1/standards", type="course")
    assert [s["title"] for s in only_course["items"]] == ["思想政治"]
    _, by_program = get(client, "/api/v1/standards", program="7101")
    assert [s["program"] for s in by_program["items"]] == ["7101"]


def test_standard_detail_shows_live_text_not_the_pending_draft(client, standards):
    standard = standards["standard"]
    response, body = get(client, f"/api/v1/standards/{standard.pk}")
    assert response.status_code == 200
    text = str(body["content"])
    assert "尚未发布的草稿内容" not in text
    info = next(s for s in body["content"]["sections"] if s["name"] == "info")
    assert info["markdown"] == standard.info
    assert [c["code"] for c in body["content"]["courses"]] == ["C01", "C02", "C03"]
    assert [v["number"] for v in body["versions"]] == ["1.0"] and body["versions"][0]["url"].endswith(
        "/v/1-0/"
    )
    assert "published_by" not in body["versions"][0]


def test_old_version_text_comes_from_its_revision(client, standards):
    page = standards["course_standard"]
    _, versions = get(client, f"/api/v1/standards/{page.pk}/versions")
    assert [v["number"] for v in versions] == ["1.1", "1.0"]
    for number in ("1.0", "1-0"):
        response, body = get(client, f"/api/v1/standards/{page.pk}/versions/{number}")
        assert response.status_code == 200 and body["version"]["number"] == "1.0"
        objectives = next(s for s in body["content"]["sections"] if s["name"] == "objectives")
        assert objectives["markdown"] == "第一版目标。"
    _, current = get(client, f"/api/v1/standards/{page.pk}")
    assert (
        next(s for s in current["content"]["sections"] if s["name"] == "objectives")["markdown"]
        == "修订后目标。"
    )


def test_unknown_or_unpublished_standard_and_version_are_404(client, standards):
    unpublished = standards["unpublished"]
    response, body = get(client, f"/api/v1/standards/{unpublished.pk}")
    assert response.status_code == 404 and "已发布标准不存在" in body["detail"]
    page = standards["course_standard"]
    response, body = get(client, f"/api/v1/standards/{page.pk}/versions/3.0")
    assert response.status_code == 404 and "没有 3.0 版" in body["detail"] and "1.0、1.1" in body["detail"]
    response, body = get(client, f"/api/v1/standards/{page.pk}/versions/latest")
    assert response.status_code == 422 and "number" in body["detail"]


def test_textbook_list_shows_listed_titles_only(client, textbooks):
    _, body = get(client, "/api/v1/textbooks")
    assert [b["isbn"] for b in body["items"]] == [LISTED] and body["count"] == 1
    assert "sample_file" not in body["items"][0] and "review_stage" not in body["items"][0]
    _, filtered = get(client, "/api/v1/textbooks", program="0104", kind="integrated", level="intermediate")
    assert [b["isbn"] for b in filtered["items"]] == [LISTED]
    _, empty = get(client, "/api/v1/textbooks", kind="digital")
    assert empty == {"count": 0, "limit": 20, "offset": 0, "items": []}
    response, body = get(client, "/api/v1/textbooks", program="0199")
    assert response.status_code == 422 and "专业代码“0199”不存在" in body["detail"]


def test_textbook_detail_by_isbn_with_or_without_hyphens(client, textbooks):
    for isbn in (LISTED, "978-7-5040-0001-9"):
        response, body = get(client, f"/api/v1/textbooks/{isbn}")
        assert response.status_code == 200 and body["isbn"] == LISTED
    assert body["programs"] == [{"code": "0104", "name": "数控加工（数控车工）"}]
    assert body["listed_on"] == "2025-03-01"


@pytest.mark.parametrize("isbn", NOT_LISTED)
def test_textbooks_not_listed_are_404(client, textbooks, isbn):
    response, body = get(client, f"/api/v1/textbooks/{isbn}")
    assert response.status_code == 404 and f"ISBN {isbn} 不在规划教材目录中" in body["detail"]


def test_malformed_isbn_says_why(client, db):
    response, body = get(client, "/api/v1/textbooks/9787504000010")
    assert response.status_code == 422 and "校验位错误" in body["detail"]


def test_search_is_the_same_as_the_search_api(client, textbooks, standards, indexed):
    params = {"q": "数控", "type": "textbook"}
    ours = client.get("/api/v1/search", params).json()
    theirs = client.get("/search/api/", params).json()
    assert ours == theirs
    assert [hit["key"] for hit in ours["results"]] == [LISTED]
    everything = client.get("/api/v1/search", {"q": "教材"}).json()
    keys = {hit["key"] for hit in everything["results"]}
    assert not keys & {IN_REVIEW, NOT_LIVE, DRAFT}


def test_search_refuses_bad_parameters(client, db):
    response, body = get(client, "/api/v1/search", page=0, sort="random")
    assert response.status_code == 422
    assert {e["parameter"] for e in body["errors"]} == {"page", "sort"}
    response, body = get(client, "/api/v1/search", q="焊\x00接")
    assert response.status_code == 422 and body["errors"] == [{"parameter": "q", "message": "格式不正确"}]
