"""The home page: one search box, an entry to each part of the site, one <title> naming the site once, a favicon."""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from standards.setup import ensure_standards_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_page(client):
    index = ensure_standards_section()
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser"), index


def test_home_has_one_search_box_and_an_entry_to_each_part(home_page):
    page, index = home_page
    assert len(page.select("form[role=search]")) == 1
    entries = {card.select_one("h2").get_text(strip=True): card["href"] for card in page.select("a.card")}
    assert entries["专业目录"] == reverse("catalogue:index")
    assert entries["规划教材"] == reverse("textbooks:list")
    assert entries["培养标准"] == index.url
    assert entries["统计"] == reverse("statistics:overview")


def test_home_title_names_the_site_once_and_has_a_favicon(home_page):
    page, _ = home_page
    assert [title.get_text() for title in page.select("title")] == ["技工院校专业目录与教材"]
    assert page.select_one("link[rel=icon]")["href"].endswith("favicon.svg")
    assert page.select_one(".site-nav [aria-current=page]").get_text() == "首页"


def test_other_pages_name_themselves_then_the_site(client):
    page = BeautifulSoup(client.get(reverse("catalogue:editions")).content.decode(), "html.parser")
    assert page.select_one("title").get_text() == "目录版本 · 技工院校专业目录与教材"
    assert page.select_one(".site-nav [aria-current=page]").get_text() == "目录版本"
