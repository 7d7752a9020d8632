"""One search box: the header of every public page and the home page search everything through /search/, and a
4-digit program code typed there still opens that program's page."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def header_box(response):
    return soup(response).select_one("header.site-header form[role=search]")


@pytest.mark.parametrize("address", ["/catalogue/", "/textbooks/", "/catalogue/editions/"])
def test_header_box_on_public_pages_searches_everything_in_chinese(client, corpus, address):
    form = header_box(client.get(address))
    assert form["action"] == "/search/" and form["method"] == "get"
    field = form.select_one("input[type=search]")
    assert field["name"] == "q" and field["placeholder"] == "搜索教材、专业、标准"
    assert form.select_one(f"label[for={field['id']}]").get_text() == "搜索教材、专业、标准"


def test_home_page_box_searches_everything(client, home):
    form = soup(client.get("/")).select_one("section.hero form[role=search]")
    assert form["action"] == "/search/"
    assert form.select_one("label").get_text() == "搜索教材、专业、标准"
    assert form.select_one("input[type=search]")["name"] == "q"


def test_the_search_page_has_one_box_not_two(client, corpus):
    page = soup(client.get("/search/", {"q": "焊接"}))
    assert header_box(client.get("/search/", {"q": "焊接"})) is None
    assert len(page.select("input[name=q][type=search]")) == 1
    assert page.select_one("nav.site-nav a[aria-current=page]").get_text() == "检索"


@pytest.fixture
def welding_standard(corpus, index, django_capture_on_commit_callbacks):
    from standards.factories import TrainingStandardPageFactory, with_courses

    page = TrainingStandardPageFactory(parent=index, program=corpus["programs"]["0115"])
    with_courses(page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


def test_what_the_header_box_sends_finds_textbooks_programs_and_standards(client, welding_standard):
    response = client.get("/search/", {"q": "焊接"})
    types = {hit["data-type"] for hit in soup(response).select(".search-hit")}
    assert response.status_code == 200
    assert types == {"textbook", "program", "standard"}


@pytest.mark.parametrize("typed", ["0115", " 0115 ", "０１１５"])
def test_an_existing_program_code_opens_the_program_page(client, corpus, typed):
    response = client.get("/search/", {"q": typed})
    assert response.status_code == 302
    assert response["Location"] == corpus["programs"]["0115"].get_absolute_url()


def test_a_code_with_a_filter_or_a_page_is_searched_not_redirected(client, corpus):
    assert client.get("/search/", {"q": "0115", "type": "textbook"}).status_code == 200
    assert client.get("/search/", {"q": "0115", "page": "2"}).status_code == 200


def test_an_unknown_code_or_a_longer_number_is_an_ordinary_search(client, corpus):
    unknown = client.get("/search/", {"q": "9999"})
    assert unknown.status_code == 200 and "没有找到与“9999”相关的结果" in unknown.content.decode()
    assert client.get("/search/", {"q": "01150"}).status_code == 200
    assert client.get("/search/", {"q": "0115 焊接"}).status_code == 200
