"""The 教材选用 and 技工院校 sections of the public statistics page, their tables and CSV downloads."""

import pytest

from catalogue.factories import ProgramFactory
from catalogue.schools.factories import AdoptionFactory, OfferingFactory, SchoolFactory
from catalogue.schools.provinces import Province
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import ReviewStage
from standards.models import ProgramCourse

from ..schools.national_data import build
from .test_public_page import csv_rows, table

pytestmark = pytest.mark.django_db


def listed(**kwargs):
    return TextbookFactory(live=True, review_stage=ReviewStage.LISTED, **kwargs)


@pytest.fixture
def adoption(db):
    program = ProgramFactory(code="0501", name="数控加工")
    lathe = ProgramCourse.objects.create(program=program, code="K01", name="车削加工")
    drawing = ProgramCourse.objects.create(program=program, code="K02", name="机械识图")
    turning = listed(title="车削加工教程", programs=[program])
    turning.courses.add(lathe)
    turning.save()
    listed(title="没人选的教材", programs=[program])
    TextbookFactory(title="评审中的教材", review_stage=ReviewStage.EXPERT_REVIEW)
    schools = [SchoolFactory(name=f"学校{n}", province=p) for n, p in enumerate(["44", "44", "32"])]
    for school in schools:
        OfferingFactory(school=school, program=program)
    AdoptionFactory(school=schools[0], course=lathe, textbook=turning, students=40)
    AdoptionFactory(school=schools[1], course=lathe, textbook=turning, students=30)
    AdoptionFactory(school=schools[2], course=drawing, other_title="自编识图讲义", students=60)
    AdoptionFactory(school=schools[0], course=drawing, textbook=turning, students=10)
    AdoptionFactory(school=schools[0], course=lathe, textbook=turning, term="2024-2025-2", students=99)
    return turning


def test_adoption_figures_and_their_csv(client, adoption):
    html = client.get("/statistics/").content.decode()
    assert "教材选用" in html
    top = [["教材", "ISBN", "选用学校数", "使用学生数"], ["车削加工教程", adoption.isbn, "2", "80"]]
    assert table(html, "adoption-top-titles") == top
    assert csv_rows(client, "adoption-top-titles") == top
    unplanned = csv_rows(client, "adoption-unplanned-courses")
    assert unplanned == [
        ["课程", "专业", "该课程规划教材（种）", "使用学生数", "使用非规划教材的学生数", "占比（%）"],
        ["K02 机械识图", "0501 数控加工", "0", "70", "70", "100.0"],
    ]
    assert table(html, "adoption-unplanned-courses") == unplanned
    unused = csv_rows(client, "adoption-unused-titles")
    category = str(adoption.programs.get().category)
    # two listed titles of the category, one unused; the title in review is not public
    assert unused == [["专业大类", "已列入目录", "尚无学校选用"], [category, "2", "1"], ["公共课", "0", "0"]]
    assert table(html, "adoption-unused-titles") == unused
    assert "有 1 种尚无学校填报选用" in html


def test_school_figures_count_approved_reports_only(client):
    build()
    SchoolFactory(name="北京技师学院", province=Province.BEIJING)
    assert csv_rows(client, "schools-by-province") == [
        ["省份", "学校数"],
        ["北京市", "1"],
        ["江苏省", "2"],
        ["广东省", "2"],
    ]
    assert csv_rows(client, "schools-enrolment-by-year") == [
        ["年度", "招生人数", "在校生人数", "毕业生人数", "报送学校数"],
        ["2023年", "500", "1500", "200", "2"],
        ["2024年", "450", "1350", "150", "2"],
        ["2025年", "400", "1200", "200", "2"],
    ]
    html = client.get("/statistics/").content.decode()
    assert table(html, "schools-enrolment-by-year")[3] == ["2025年", "400", "1200", "200", "2"]


def test_the_schools_sections_are_empty_on_a_fresh_site(client, db):
    html = client.get("/statistics/").content.decode()
    assert "<h2>教材选用</h2>" in html and "<h2>技工院校</h2>" in html
    assert csv_rows(client, "schools-enrolment-by-year") == [
        ["年度", "招生人数", "在校生人数", "毕业生人数", "报送学校数"]
    ]
