"""Journey 6, a school's annual report: the school submits it, its province approves it, and the public program
page, which already lists the school, then shows the national enrolment trend; the other province never sees it."""

import re

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory, UserFactory
from catalogue.schools.factories import (
    AnnualReportFactory,
    OfferingFactory,
    ProvincialDepartmentFactory,
    ReportLineFactory,
    SchoolFactory,
)
from catalogue.schools.provinces import Province
from cms.users.roles import PROVINCIAL_STAFF, SCHOOL_STAFF

from .journeys import expect, live_database

SCHOOL = "广州市机电技师学院"


@pytest.fixture
def school_year(transactional_db):
    program = ProgramFactory(category=CategoryFactory(code="01", name="机械类"), code="0106", name="焊接加工")
    staff = UserFactory(username="gz-school", groups=[SCHOOL_STAFF])
    officer = UserFactory(username="gd-officer", groups=[PROVINCIAL_STAFF])
    outsider = UserFactory(username="js-officer", groups=[PROVINCIAL_STAFF])
    ProvincialDepartmentFactory(province=Province.GUANGDONG, staff=[officer])
    ProvincialDepartmentFactory(province=Province.JIANGSU, staff=[outsider])
    school = SchoolFactory(name=SCHOOL, province=Province.GUANGDONG, staff=[staff])
    OfferingFactory(school=school, program=program)
    report = AnnualReportFactory(school=school, year=2025)
    ReportLineFactory(report=report, program=program, enrolment=120, graduates=100, employment_rate=96)
    return program, report, staff, officer, outsider


@live_database
def test_a_school_submits_its_report_the_province_approves_and_the_program_page_counts_it(pages, school_year):
    program, report, staff, officer, outsider = school_year

    # before: the public page lists the school (its offering is registered) but no figures yet
    public = pages.open()
    public.goto(program.get_absolute_url())
    expect(public.locator('#schools [data-province="44"]')).to_contain_text(SCHOOL)
    expect(public.locator("[data-no-reports]")).to_be_visible()

    school = pages.open(staff)
    school.goto(f"/admin/schools/reports/edit/{report.pk}/")
    school.get_by_role("link", name="提交").first.click()
    school.get_by_role("button", name="提交省级审核").click()
    expect(school.locator(".messages")).to_contain_text("等待省级人社部门审核")

    elsewhere = pages.open(outsider)
    elsewhere.goto("/admin/")
    expect(elsewhere.locator("body")).not_to_contain_text(SCHOOL)

    province = pages.open(officer)
    province.goto("/admin/")
    waiting = province.locator("[data-group=待审核的专业年报]")
    expect(waiting).to_contain_text("待审核的专业年报（1）")
    waiting.get_by_role("link", name=f"{SCHOOL} 2025 年专业年报").click()
    province.wait_for_url(re.compile(rf".*/inspect/{report.pk}/$"))
    expect(province.locator("main")).to_contain_text("焊接加工")
    province.get_by_role("link", name="审核通过").first.click()
    province.get_by_role("button", name="审核通过").click()
    expect(province.locator(".messages")).to_contain_text("已审核通过")

    public.reload()
    schools = public.locator("#schools")
    expect(schools.locator("[data-school-count]")).to_contain_text("1 所")
    expect(schools.locator('[data-year="2025"]')).to_contain_text("120 人")
    expect(schools.locator('[data-year="2025"]')).to_contain_text("96")
