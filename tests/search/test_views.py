"""The public search page, its JSON API and suggestions."""

import pytest

pytestmark = pytest.mark.django_db


def test_page_shows_highlighted_results_facets_and_sorting(client, corpus):
    response = client.get("/search/", {"q": "焊接"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>焊接</mark>结构制作（高级）" in html
    assert "培养层次" in html and "出版社" in html and "相关度" in html


def test_page_filters_by_type_and_facet(client, corpus):
    response = client.get("/search/", {"q": "汽车", "type": "textbook", "level": "advanced"})
    html = response.content.decode()
    assert 'data-key="9787516700004"' in html and 'data-key="9787516700003"' not in html
    assert 'aria-current="true"' in html


def test_empty_state_and_synonym_hint(client, corpus):
    html = client.get("/search/", {"q": "不存在的词语"}).content.decode()
    assert "没有找到与“不存在的词语”相关的结果" in html
    html = client.get("/search/", {"q": "电焊"}).content.decode()
    assert "您是不是要找" in html and "焊接" in html
    assert client.get("/search/").status_code == 200


def test_api_returns_the_same_search_as_json(client, corpus):
    data = client.get("/search/api/", {"q": "數控", "type": "textbook"}).json()
    assert data["total"] == 1 and data["results"][0]["key"] == "9787516700006"
    assert data["results"][0]["title_html"].startswith("<mark>数控</mark>")
    assert {facet["name"] for facet in data["facets"]} >= {"type", "level", "publisher", "batch"}


def test_suggestions_as_you_type_including_pinyin(client, corpus):
    assert "焊接结构制作（高级）" in client.get("/search/suggest/", {"q": "焊接"}).json()["suggestions"]
    assert "焊接结构制作（高级）" in client.get("/search/suggest/", {"q": "hanjie"}).json()["suggestions"]
    assert "焊接结构制作（高级）" in client.get("/search/suggest/", {"q": "hj"}).json()["suggestions"]
    assert client.get("/search/suggest/", {"q": ""}).json()["suggestions"] == []


@pytest.fixture
def robots(corpus):
    from search import indexing

    from .conftest import make_book

    row = ("9787516700010", "工业机器人操作与编程", "工业机器人", "advanced", "integrated", "0107", 0, "")
    book = make_book(row, corpus["programs"], corpus["publishers"], corpus["batch"])
    indexing.update("textbook", [book.pk])
    return book


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hanj", "焊接结构制作（高级）"),
        ("gongyej", "工业机器人操作与编程"),
        ("gyjqr", "工业机器人操作与编程"),
        ("工业j", "工业机器人操作与编程"),
        ("jiqir", "工业机器人操作与编程"),
        ("shukongc", "数控车床编程与操作"),
    ],
)
def test_suggestions_complete_partial_pinyin_initials_and_mixed_input(client, robots, typed, expected):
    suggestions = client.get("/search/suggest/", {"q": typed}).json()["suggestions"]
    assert expected in suggestions


def test_suggestions_complete_nothing_that_does_not_read_so(client, robots):
    assert client.get("/search/suggest/", {"q": "gongyez"}).json()["suggestions"] == []
    assert client.get("/search/suggest/", {"q": "qqqq"}).json()["suggestions"] == []


def test_page_says_which_sound_alike_it_searched_and_offers_the_characters_as_typed(client, corpus):
    html = client.get("/search/", {"q": "汗接", "type": "textbook"}).content.decode()
    assert "已按“焊接”显示结果；仍搜索“" in html and "<mark>焊接</mark>结构制作（高级）" in html
    assert 'href="?q=%E6%B1%97%E6%8E%A5&amp;type=textbook&amp;exact=1"' in html  # filters kept
    exact = client.get("/search/", {"q": "汗接", "type": "textbook", "exact": "1"}).content.decode()
    assert "已按" not in exact and "没有找到与“汗接”相关的结果" in exact
    api = client.get("/search/api/", {"q": "汗接", "type": "textbook"}).json()
    assert api["respelled"] == {"shown": "焊接", "typed": "汗接"}
    assert api["results"][0]["title"] == "焊接结构制作（高级）"
