"""Journey 5, the curriculum: a teacher goes from a program page to a course's textbook and back.

The program page shows the current standard and, per course, its listed textbooks and the gaps; the textbook
page names the course it serves, linked to that course on the program page, and the standard version it was
reviewed against.
"""

import pytest

from catalogue.factories import CategoryFactory, OrganisationFactory, ProgramFactory
from catalogue.textbooks.factories import TextbookFactory
from standards.factories import publish_standard
from standards.models import ProgramCourse

from .journeys import expect, live_database

TITLE = "焊条电弧焊实训教程"


@pytest.fixture
def welding(transactional_db):
    program = ProgramFactory(category=CategoryFactory(code="01", name="机械类"), code="0106", name="焊接加工")
    standard = publish_standard(program, [("C01", "焊条电弧焊", 120), ("C02", "气体保护焊", 80)])
    book = TextbookFactory(
        title=TITLE,
        kind="integrated",
        live=True,
        review_stage="listed",
        course="焊条电弧焊",
        publisher=OrganisationFactory(name="中国劳动社会保障出版社"),
        programs=[program],
    )
    book.courses.set([ProgramCourse.objects.get(program=program, code="C01")])
    book.save()
    book.reviewed_against.add(standard.current_version)
    return program, standard, book


@live_database
def test_from_a_program_page_to_a_courses_textbook_and_back(pages, welding):
    program, standard, book = welding
    page = pages.open()
    page.goto(program.get_absolute_url())

    curriculum = page.locator("#curriculum")
    expect(curriculum.get_by_role("link", name=standard.title)).to_have_attribute("href", standard.url)
    expect(curriculum).to_contain_text("v1.0")
    expect(curriculum.locator("[data-course=C02]")).to_contain_text("暂无教材")
    arc = curriculum.locator("[data-course=C01]")
    expect(arc).to_contain_text("中级技能 120 学时")

    arc.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**{book.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("[data-reviewed-against]").get_by_role("link")).to_have_text(f"{standard.title} v1.0")

    page.locator("[data-courses]").get_by_role("link", name="C01 焊条电弧焊").click()
    page.wait_for_url(f"**{program.get_absolute_url()}#program-course-C01")
    expect(page.get_by_role("heading", level=1)).to_contain_text(program.name)
    expect(page.locator("#program-course-C01")).to_contain_text(TITLE)
