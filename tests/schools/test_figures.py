"""National figures from approved reports only, offerings by province, and textbook adoption, in few queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from catalogue.factories import ProgramFactory
from catalogue.schools import figures
from catalogue.schools.factories import AdoptionFactory, OfferingFactory, SchoolFactory
from catalogue.schools.provinces import Province
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import ReviewStage
from standards.models import ProgramCourse

from .national_data import build, report

pytestmark = pytest.mark.django_db


def listed(**kwargs):
    return TextbookFactory(live=True, review_stage=ReviewStage.LISTED, **kwargs)


def test_the_national_series_sums_approved_reports_and_weights_the_rate_by_graduates():
    data = build()
    years = figures.program_series()[data.program.pk]
    assert [(y.year, y.enrolment, y.students, y.graduates, y.schools) for y in years] == [
        (2023, 500, 1500, 200, 2),
        (2024, 450, 1350, 150, 2),
        (2025, 400, 1200, 200, 2),
    ]
    # (90×100 + 80×100) / 200; (80×100 + 70×50) / 150 = 76.67; (84×100 + 80×100) / 200
    assert [y.employment_rate for y in years] == [Decimal("85.0"), Decimal("76.7"), Decimal("82.0")]


def test_returned_and_submitted_reports_count_for_nothing():
    data = build()
    assert [y.enrolment for y in figures.national_series()] == [500, 450, 400]
    assert 5000 not in [y.enrolment for y in figures.program_series([data.program.pk])[data.program.pk]]


def test_a_year_without_graduates_has_no_rate():
    program = ProgramFactory()
    report(SchoolFactory(), 2025, program, 120, 0, "0")
    [year] = figures.program_series([program.pk])[program.pk]
    assert (year.enrolment, year.graduates, year.employment_rate) == (120, 0, None)


def test_two_levels_of_one_school_are_one_reporting_school():
    program = ProgramFactory()
    school = SchoolFactory()
    report(school, 2025, program, 100, 50, "90")
    report(school, 2025, program, 60, 50, "70", level="advanced")
    [year] = figures.program_series([program.pk])[program.pk]
    assert (year.enrolment, year.schools, year.employment_rate) == (160, 1, Decimal("80.0"))


def test_active_offerings_are_counted_by_province_with_their_schools():
    data = build()
    assert figures.offering_counts() == {data.program.pk: 2}
    groups = figures.schools_by_province(data.program)
    assert [(g.label, g.count) for g in groups] == [("江苏省", 1), ("广东省", 1)]
    assert groups[1].schools == [
        {"name": "甲技师学院", "kind": "技师学院", "levels": ["中级技能", "高级技能"]}
    ]
    assert groups[0].schools == [{"name": "乙技工学校", "kind": "技工学校", "levels": ["中级技能"]}]


def test_the_whole_catalogue_costs_a_fixed_number_of_queries():
    build()
    for _ in range(5):
        program = ProgramFactory()
        OfferingFactory(program=program)
        report(SchoolFactory(), 2025, program, 10, 5, "90")
    with CaptureQueriesContext(connection) as queries:
        series = figures.program_series()
        counts = figures.offering_counts()
    assert len(series) == 6 and len(counts) == 6
    assert len(queries) == 2


def adoptions():
    program = ProgramFactory()
    course = ProgramCourse.objects.create(program=program, code="K01", name="零件加工")
    other_course = ProgramCourse.objects.create(program=program, code="K02", name="识图")
    book = listed(title="零件加工教程", programs=[program])
    book.courses.add(course)
    book.save()
    unused = listed(title="无人选用的教材", programs=[program])
    schools = [SchoolFactory(province=p) for p in (Province.GUANGDONG, Province.JIANGSU, Province.HUNAN)]
    for school in schools:
        OfferingFactory(school=school, program=program)
    AdoptionFactory(school=schools[0], course=course, textbook=book, term="2024-2025-2", students=30)
    AdoptionFactory(school=schools[0], course=course, textbook=book, term="2025-2026-1", students=40)
    AdoptionFactory(school=schools[1], course=course, textbook=book, term="2025-2026-1", students=35)
    AdoptionFactory(
        school=schools[2], course=other_course, other_title="自编讲义", term="2025-2026-1", students=50
    )
    AdoptionFactory(school=schools[1], course=other_course, textbook=book, term="2025-2026-1", students=20)
    return book, unused, course, other_course


def test_textbook_adoption_in_the_latest_term_and_over_all_terms():
    book, unused, *_ = adoptions()
    adoption = figures.textbook_adoption(book)
    assert (adoption.latest_term, adoption.latest_schools, adoption.latest_students) == ("2025-2026-1", 2, 95)
    assert (adoption.terms, adoption.all_schools, adoption.all_students) == (2, 2, 125)
    assert adoption.latest_term_label == "2025—2026 学年第一学期"
    assert figures.textbook_adoption(unused).latest_term is None


def test_statistics_helpers_for_adoption():
    book, unused, course, other_course = adoptions()
    assert figures.most_adopted_titles() == ("2025-2026-1", [("零件加工教程", book.isbn, 2, 95)])
    # K02: 20 students on a listed title not planned for this course, 50 on a handout: 100% unplanned.
    term, rows = figures.courses_on_unlisted_books()
    assert rows == [(course.program.code, course.program.name, "K02", "识图", 70, 70, 100.0, 0)]
    assert list(figures.unused_listed_titles()) == [unused]
