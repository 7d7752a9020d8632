"""Every kind of public page reads on a phone (390 px) and on a laptop (1366 px).

On each: the page never scrolls sideways (`scrollWidth <= clientWidth` of the document), every table sits in a
box that scrolls on its own, there is exactly one <title>, a favicon, and the navigation marks the section the
page belongs to with aria-current="page" (the 404 page marks none). The content is the demo site (`setup_demo`)
with a second version of one standard, so the standard comparison has something to show.
"""

from io import StringIO

from django.core.management import call_command

import pytest

from catalogue.models import Program
from catalogue.textbooks.models import Textbook
from cms.consultation.factories import ConsultationFactory
from cms.consultation.models import Consultation
from standards.models import CourseStandardPage, TrainingStandardPage

from .journeys import expect, live_database

WIDTHS = [390, 1366]

# JavaScript: the tables that neither scroll sideways themselves nor sit inside an element that does.
UNBOXED_TABLES = """() => [...document.querySelectorAll('main table')].filter(table => {
  for (let box = table; box && box !== document.body; box = box.parentElement) {
    const overflow = getComputedStyle(box).overflowX;
    if (overflow === 'auto' || overflow === 'scroll') return false;
  }
  return true;
}).map(table => table.className || table.outerHTML.slice(0, 80))"""


@pytest.fixture
def demo_site(db):
    call_command("setup_demo", stdout=StringIO())
    standard = TrainingStandardPage.objects.live().order_by("pk").first()
    draft = standard.get_latest_revision_as_object()
    draft.info = f"{draft.info}\n\n本版补充了新技术内容。"
    draft.change_kind = "minor"
    draft.save_revision().publish()
    ConsultationFactory(page=standard)
    return standard


def page_kinds(standard):
    """(label, path, active nav item or None) of each kind of public page."""
    retired = Program.objects.filter(status=Program.Status.RETIRED).order_by("code").first()
    textbook = Textbook.objects.listed().order_by("isbn").first()
    course_standard = CourseStandardPage.objects.live().order_by("pk").first()
    return [
        ("首页", "/", "首页"),
        ("专业目录", "/catalogue/", "专业目录"),
        ("专业", f"/catalogue/programs/{standard.program.code}/", "专业目录"),
        ("已撤销专业", f"/catalogue/programs/{retired.code}/", "专业目录"),
        ("目录版本", "/catalogue/editions/", "目录版本"),
        ("版本对比", "/catalogue/compare/?old=2018&new=2025", "版本对比"),
        ("教材目录", "/textbooks/", "规划教材"),
        ("教材", f"/textbooks/{textbook.isbn}/", "规划教材"),
        ("公示", "/textbooks/notices/", "规划教材"),
        ("建设进度", "/textbooks/progress/", "规划教材"),
        ("培养标准", standard.get_parent().url, "培养标准"),
        ("培养标准页", standard.url, "培养标准"),
        ("课程标准页", course_standard.url, "培养标准"),
        ("标准对比", f"{standard.url}compare/", "培养标准"),
        ("检索", "/search/?q=焊接", "检索"),
        ("统计", "/statistics/", "统计"),
        ("征求意见", "/consultations/", "征求意见"),
        ("征求意见稿", f"/consultations/{Consultation.objects.get().pk}/", "征求意见"),
        ("404", "/no-such-page/", None),
    ]


def problems_of(page, path, active):
    """What is wrong with one page, in words; an empty list when it reads well."""
    response = page.goto(path)
    problems = []
    if response.status != (404 if active is None else 200):
        problems.append(f"status {response.status}")
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll > client:
        problems.append(f"scrolls sideways ({scroll} > {client})")
    if unboxed := page.evaluate(UNBOXED_TABLES):
        problems.append(f"tables outside a scrolling box: {unboxed}")
    # An SVG chart's own <title> elements are its labels, not the page's.
    titles = page.evaluate(
        "() => [...document.querySelectorAll('title')].filter(t => !t.closest('svg')).length"
    )
    if titles != 1:
        problems.append(f"{titles} <title>")
    if page.locator("link[rel=icon]").count() != 1:
        problems.append("no favicon link")
    current = page.locator(".site-nav [aria-current=page]").all_inner_texts()
    if current != ([active] if active else []):
        problems.append(f"active nav item {current}, expected {active}")
    return problems


def title_readability_problems(page):
    """A textbook title on the list wraps over at most three lines at 390 px."""
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/textbooks/")
    title = page.locator("main .textbook-title").first
    expect(title).to_be_visible()
    box = title.bounding_box()
    line_height = title.evaluate("node => parseFloat(getComputedStyle(node).lineHeight)")
    if box["height"] > 3 * line_height + 1:
        return [f"textbook title {box['height']} px high, more than three lines of {line_height} px"]
    return []


# One test over both widths: the demo site takes most of the time (setup_demo), and a transactional test
# cannot share its data with another.
@live_database
def test_every_public_page_kind_fits_a_phone_and_a_laptop(pages, demo_site):
    page = pages.open()
    failures = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for label, path, active in page_kinds(demo_site):
            if problems := problems_of(page, path, active):
                failures.append(f"{width} px, {label} {path}: {'; '.join(problems)}")
    failures.extend(title_readability_problems(page))
    assert not failures, "\n".join(failures)
