"""Journey 6, the hurried typist: the header box on the home page forgives initials, variants and sound-alikes.

A teacher types `hj` (pinyin initials), `銲接` (a variant character of 焊接) or `汗接` (a sound-alike slip) into
the site-wide box, presses Enter and expects a welding textbook on top, on the first screen, on a laptop and on
a phone, without the page scrolling sideways. The other titles are there to compete: 环境监测技术 and the
一体化教程 titles (…化教…) also read `hj` by their initials.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from catalogue.factories import OrganisationFactory
from catalogue.textbooks.factories import TextbookFactory
from cms.home.site import ensure_home_page
from search import indexing

from .journeys import expect, live_database

WELDING = ["焊接结构制作（高级）", "焊接检验", "焊条电弧焊"]
OTHERS = ["环境监测技术", "汽车电器维修", "化工原理一体化教程", "机械基础一体化教程"]
QUERIES = ["hj", "銲接", "汗接"]
RESPELLED = {"汗接": "已按“焊接”显示结果"}
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def shelf(transactional_db):
    """The home page (the migrations leave Wagtail's placeholder) and listed, live textbooks, fully indexed."""
    ensure_home_page()
    publisher = OrganisationFactory(name="中国劳动社会保障出版社")
    for title in WELDING + OTHERS:
        level = "advanced" if "高级" in title else "intermediate"
        TextbookFactory(title=title, level=level, live=True, review_stage="listed", publisher=publisher)
    indexing.rebuild()


def search_from_header(page, query):
    """The header's box (every page but the home page, whose own box replaces it) → Enter; waits for results."""
    box = page.get_by_role("banner").get_by_role("searchbox", name="搜索教材、专业、标准")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [query])
    expect(page.locator(".search-results .count")).to_contain_text(f"“{query}”")


def assert_no_sideways_scroll(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll_width})"


@live_database
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366x768", "390x844"])
def test_initials_variants_and_slips_put_a_welding_textbook_first_on_the_first_screen(pages, shelf, viewport):
    page = pages.open()
    page.set_viewport_size(viewport)
    page.goto("/")
    expect(page.get_by_role("searchbox", name="搜索教材、专业、标准")).to_have_count(
        1
    )  # one box on the home page
    if viewport == PHONE:
        assert_no_sideways_scroll(page, PHONE["width"])
    for query in QUERIES:
        page.goto("/textbooks/")
        search_from_header(page, query)
        first = page.locator(".search-hit").first
        expect(first).to_have_attribute("data-type", "textbook")
        title = first.locator("> a").inner_text()
        assert title in WELDING, f"{query!r}: the first result is {title!r}, not a welding textbook"
        box = first.bounding_box()
        assert box is not None and 0 <= box["y"], f"{query!r}: the first result is not laid out"
        assert box["y"] + box["height"] <= viewport["height"], (
            f"{query!r} at {viewport['width']}px: the first result ends at {box['y'] + box['height']:.0f}px, "
            f"below the first screen ({viewport['height']}px)"
        )
        if query in RESPELLED:
            expect(page.locator(".search-respelled")).to_contain_text(RESPELLED[query])
        if viewport == PHONE:
            assert_no_sideways_scroll(page, PHONE["width"])
