"""The public textbook list's keyword box: the site search's matching and order, with the list's filters, a
sort, a program filter by code or (part of a) name, pagination and empty states."""

import pytest
from bs4 import BeautifulSoup

from search import indexing
from tests.search import conftest as search_corpus

corpus = (
    search_corpus.corpus
)  # seven listed titles (one draft, one not live), indexed: the search tests' fixture
make_book = search_corpus.make_book

pytestmark = pytest.mark.django_db


def page(client, **params):
    response = client.get("/textbooks/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def titles(html):
    return [row.td.a.get_text() for row in html.select("tr[data-isbn]")]


def isbns(html):
    return [row["data-isbn"] for row in html.select("tr[data-isbn]")]


def test_keyword_finds_titles_in_the_same_order_as_the_site_search(client, corpus):
    for q in ("汽车", "shukong", "焊接"):
        searched = client.get("/search/api/", {"q": q, "type": "textbook"}).json()["results"]
        assert isbns(page(client, q=q)) == [hit["key"] for hit in searched]
    assert titles(page(client, q="shukong")) == ["数控车床编程与操作"]


def test_keyword_never_shows_titles_not_listed(client, corpus):
    found = titles(page(client, q="焊接"))
    assert "焊接结构制作（高级）" in found
    assert "焊接机器人草稿" not in found and "焊接检验未发布" not in found


def test_keyword_and_filters_narrow_together(client, corpus):
    advanced = titles(page(client, q="汽车", level="advanced"))
    assert "汽车底盘构造" in advanced and "新能源汽车高压安全" in advanced
    assert "汽车电器维修" not in advanced
    publisher = corpus["publishers"][1].pk
    assert titles(page(client, q="汽车", level="advanced", publisher=publisher)) == [
        t for t in advanced if t in ("汽车底盘构造", "发动机维修实训")
    ]


def test_program_filter_takes_a_code_or_part_of_a_name(client, corpus):
    assert titles(page(client, program="0107")) == ["数控车床编程与操作"]
    assert titles(page(client, program="数控")) == ["数控车床编程与操作"]
    cars = set(titles(page(client, program="汽车")))  # 汽车维修 and 新能源汽车检测与维修
    assert cars == {"汽车电器维修", "汽车底盘构造", "新能源汽车高压安全", "发动机维修实训"}
    assert titles(page(client, program="汽车", q="高压")) == ["新能源汽车高压安全"]
    unknown = page(client, program="航天")
    assert "筛选条件“专业”的值“航天”无效，已忽略。" in unknown.get_text()
    assert len(titles(unknown)) == 7


def test_sort_by_year_or_title_with_a_keyword(client, corpus):
    by_year = page(client, q="汽车", sort="year")
    years = [int(row["data-isbn"][-1]) for row in by_year.select("tr[data-isbn]")]  # year = 2020 + last digit
    assert years == sorted(years, reverse=True) and len(years) >= 3
    by_title = titles(page(client, q="汽车", sort="title"))
    assert by_title == sorted(by_title)
    options = {o["value"]: o.get_text() for o in by_year.select("select[name=sort] option")}
    assert options == {"": "相关度", "year": "出版年份（新→旧）", "title": "书名"}
    plain = page(client).select("select[name=sort] option")
    assert plain[0].get_text() == "目录顺序（批次、ISBN）"


def test_keyword_results_are_paginated_and_links_keep_the_keyword(client, corpus):
    for n in range(25):
        row = (f"97875167002{n:02d}", f"焊接实训{n}", "焊接实训", "advanced", "integrated", "0115", 0, "")
        make_book(row, corpus["programs"], corpus["publishers"], corpus["batch"])
    indexing.rebuild()
    first = page(client, q="焊接实训")
    assert len(titles(first)) == 20 and "第 1 / 2 页" in first.get_text()
    next_link = first.select_one("nav.pagination a[rel=next]")["href"]
    second = BeautifulSoup(client.get("/textbooks/" + next_link).content.decode(), "html.parser")
    assert len(titles(second)) == 5 and "第 2 / 2 页" in second.get_text()
    assert not set(titles(first)) & set(titles(second))


def test_nothing_found_says_so_and_how_to_widen(client, corpus):
    empty = page(client, q="汽车", kind="worldskills")
    text = empty.get_text()
    assert "没有找到符合条件的教材" in text and "换用更短的关键词" in text
    links = {a.get_text(): a["href"] for a in empty.select(".empty-state a")}
    assert links["只按关键词“汽车”查找"] == "?q=%E6%B1%BD%E8%BD%A6"
    assert links["在全站检索“汽车”"] == "/search/?q=%E6%B1%BD%E8%BD%A6"
    assert links["清除全部条件"] == "/textbooks/"
    assert titles(page(client, q="汽车")), "the keyword alone finds titles, as the page suggests"


def test_keyword_box_is_labelled_in_chinese(client, corpus):
    box = page(client).select_one("form.textbook-filters input[name=q]")
    assert box["type"] == "search" and "书名" in box["placeholder"]
    assert page(client).select_one(f"label[for={box['id']}]").get_text() == "关键词"
