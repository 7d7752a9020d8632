"""The search page's layout: facets as a sidebar on wide screens and a closed "筛选" panel on phones, results on
the first screen on both, counts, chosen values, "更多" for long facets, count and sort above the results.

The HTML tests read the page as served; the browser test lays that page out in Chromium (with the site's own
stylesheet inlined) at a phone's and a desktop's width and measures where things are. It is skipped, saying why,
when Playwright or Chromium is missing.
"""

import re
from pathlib import Path

from django.conf import settings

import pytest
from bs4 import BeautifulSoup

from catalogue.factories import OrganisationFactory
from search import indexing

from .conftest import make_book

pytestmark = pytest.mark.django_db

CHROMIUM = "/usr/bin/chromium"
STYLESHEET = Path(settings.BASE_DIR) / "cms" / "static" / "css" / "site.css"


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def many_publishers(corpus):
    """Ten more welding titles, each from a publisher of its own: the 出版社 facet then has 12 values."""
    for n in range(10):
        row = (f"97875167001{n:02d}", f"焊接实训{n}", "焊接实训", "advanced", "integrated", "0115", 0, "")
        publisher = OrganisationFactory(name=f"第{n}出版社")
        book = make_book(row, corpus["programs"], [publisher], corpus["batch"], year=2010 + n)
        indexing.update("textbook", [book.pk])
    return corpus


def facet(page, label):
    return next(s for s in page.select(".search-facets section.facet") if s.h2.get_text() == label)


def test_facets_are_a_filter_panel_before_the_results(client, corpus):
    page = soup(client.get("/search/", {"q": "焊接"}))
    layout = page.select_one(".search-layout")
    aside, results = layout.find_all(recursive=False)
    assert aside["aria-label"] == "筛选" and "search-results" in results["class"]
    panel = aside.select_one("details")
    assert panel.summary.get_text() == "筛选"
    assert not panel.has_attr("open")  # closed for phones; opened from 900px up by the page's script


def test_facet_values_show_counts_and_the_chosen_value(client, corpus):
    page = soup(client.get("/search/", {"q": "汽车", "level": "advanced"}))
    levels = facet(page, "培养层次")
    chosen = levels.select_one("a[aria-current=true]")
    assert chosen.select_one(".facet-label").get_text() == "✓ 高级技能"
    assert re.fullmatch(r"\(\d+\)", chosen.select_one(".facet-count").get_text())
    assert len(levels.select("a[aria-current]")) == 1
    assert page.select_one(".search-facets summary").get_text() == "筛选（已选 1 项）"


def test_a_long_facet_shows_eight_values_and_the_rest_behind_more(client, many_publishers):
    page = soup(client.get("/search/", {"q": "焊接"}))
    publishers = facet(page, "出版社")
    always = publishers.find("ul", recursive=False).select("li")
    more = publishers.select_one("details.facet-more")
    assert len(always) == 8
    assert more.summary.get_text() == "更多（4）" and not more.has_attr("open")
    assert len(more.select("li")) == 4


def test_a_chosen_value_among_the_rest_keeps_more_open(client, many_publishers):
    page = soup(client.get("/search/", {"q": "焊接"}))
    hidden = facet(page, "出版社").select_one("details.facet-more li a")
    chosen = soup(client.get("/search/?" + hidden["href"].lstrip("?")))
    more = facet(chosen, "出版社").select_one("details.facet-more")
    assert more is not None and more.has_attr("open")
    assert more.select_one("a[aria-current=true]")


def test_count_and_sort_sit_above_the_results(client, corpus):
    page = soup(client.get("/search/", {"q": "焊接", "sort": "year"}))
    results = page.select_one(".search-results")
    toolbar = results.select_one(".search-toolbar")
    assert toolbar.find_next("ol", class_="search-hits") is not None
    assert "共找到" in toolbar.select_one(".count").get_text()
    sort = toolbar.select_one("select[name=sort]")
    assert sort.select_one("option[selected]")["value"] == "year"
    assert toolbar.select_one("input[name=q]")["value"] == "焊接"


def test_sorting_by_year_keeps_the_query_and_orders_newest_first(client, many_publishers):
    page = soup(client.get("/search/", {"q": "焊接实训", "sort": "year"}))
    titles = [a.get_text() for a in page.select(".search-hit > a") if a.get_text().startswith("焊接实训")]
    assert titles == [f"焊接实训{n}" for n in range(9, -1, -1)]


def test_no_respelling_notice_without_a_respelling(client, corpus):
    page = soup(client.get("/search/", {"q": "焊接", "exact": "1"}))
    assert page.select_one(".search-respelled") is None
    assert page.select(".search-hit")


# --- in a browser ------------------------------------------------------------------------------------------


def laid_out(html):
    """The page with the site's stylesheet inlined, so Chromium lays it out without a server."""
    css = STYLESHEET.read_text(encoding="utf-8")
    return re.sub(
        r'<link rel="stylesheet" href="[^"]*site[^"]*\.css">', lambda _: f"<style>{css}</style>", html
    )


@pytest.fixture
def welding_page(client, many_publishers):
    """The served page, read before the browser starts (see `chromium`)."""
    return laid_out(client.get("/search/", {"q": "焊接"}).content.decode())


@pytest.fixture
def chromium(monkeypatch):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    # Playwright's sync API marks an event loop as running in this thread, and Django would then give this thread
    # another database connection, locked out by the test's transaction: request what you need before this.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def open_at(browser, html, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_content(html, wait_until="load")
    return page


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_results_start_on_the_first_screen_on_a_phone_and_a_desktop(welding_page, chromium):
    phone = open_at(chromium, welding_page, 390, 844)
    assert box(phone, ".search-hit")["y"] + 40 < 844
    assert not phone.locator("#search-facets").evaluate("panel => panel.open")
    assert box(phone, ".search-facets")["y"] < box(phone, ".search-toolbar")["y"]
    phone.get_by_text("筛选", exact=True).click()
    assert phone.locator(".facet", has_text="出版社").is_visible()

    desktop = open_at(chromium, welding_page, 1280, 900)
    aside, results = box(desktop, ".search-facets"), box(desktop, ".search-results")
    assert desktop.locator("#search-facets").evaluate("panel => panel.open")
    assert 230 <= aside["width"] <= 250 and aside["x"] + aside["width"] <= results["x"]
    assert box(desktop, ".search-hit")["y"] + 40 < 900
    first = desktop.locator(".facet-values a").first
    link, count = first.bounding_box(), first.locator(".facet-count").bounding_box()
    assert abs((link["x"] + link["width"]) - (count["x"] + count["width"])) < 8  # counts on the right
    assert not desktop.locator(".facet-more li").first.is_visible()
    desktop.get_by_text("更多（4）").click()
    assert desktop.locator(".facet-more a").first.is_visible()
