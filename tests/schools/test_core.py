"""The schools register's own rules: credit codes, offerings against the catalogue, reports' walk and scope."""

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from catalogue.factories import AdjustmentFactory, ProgramFactory, UserFactory
from catalogue.models import Program, Succession
from catalogue.schools import services
from catalogue.schools.credit_code import validate_credit_code
from catalogue.schools.factories import (
    AdoptionFactory,
    AnnualReportFactory,
    OfferingFactory,
    ProvincialDepartmentFactory,
    ReportLineFactory,
    SchoolFactory,
    credit_code,
)
from catalogue.schools.models import AnnualReport, School
from catalogue.schools.provinces import Province, province_by_name_or_code
from catalogue.schools.scope import visible_reports, visible_schools
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import ReviewStage
from cms.users.roles import ADMINISTRATORS, PROVINCIAL_STAFF, SCHOOL_STAFF
from standards.models import ProgramCourse

pytestmark = pytest.mark.django_db


def messages(excinfo):
    return " ".join(excinfo.value.messages)


# --- credit codes ------------------------------------------------------------------------------------------------


def test_a_real_style_credit_code_passes_and_a_slip_names_the_expected_check_character():
    code = credit_code(7)
    validate_credit_code(code)
    validate_credit_code(code.lower())
    slipped = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(slipped)
    assert f"应为“{code[17]}”" in messages(excinfo)


@pytest.mark.parametrize(
    ("value", "words"), [("91440300", "18 位"), ("91440300MA5DC0XX1O", "不含 I、O、S、V、Z")]
)
def test_malformed_credit_codes_are_refused_in_chinese(value, words):
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(value)
    assert words in messages(excinfo)


def test_provinces_are_found_by_code_or_by_name():
    assert province_by_name_or_code("44") == Province.GUANGDONG
    assert province_by_name_or_code("广东省") == Province.GUANGDONG
    assert province_by_name_or_code("广东") == Province.GUANGDONG
    assert province_by_name_or_code("新疆生产建设兵团") == Province.XPCC
    assert province_by_name_or_code("火星") is None


# --- offerings -----------------------------------------------------------------------------------------------------


def test_an_offering_registers_by_code_and_refuses_a_retired_code_naming_its_successor():
    school = SchoolFactory()
    old = ProgramFactory(code="0101", name="旧专业", status=Program.Status.RETIRED)
    new = ProgramFactory(category=old.category, code="0150", name="新专业")
    Succession.objects.create(predecessor=old, successor=new, adjustment=AdjustmentFactory())
    offering = services.register_offering(school, "0150", ["intermediate"], 2020)
    assert offering.program == new and offering.levels() == ["intermediate"]
    with pytest.raises(ValidationError) as excinfo:
        services.register_offering(school, "0101", ["intermediate"], 2020)
    assert "已退出现行目录" in messages(excinfo) and "0150 新专业" in messages(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.register_offering(school, "9999", ["intermediate"], 2020)
    assert "不在专业目录中" in messages(excinfo)


def test_an_offering_cannot_claim_a_level_the_program_does_not_have():
    program = ProgramFactory(offers_technician=False)
    with pytest.raises(ValidationError) as excinfo:
        services.register_offering(SchoolFactory(), program.code, ["technician"], 2020)
    assert "没有预备技师（技师）层级" in messages(excinfo)


# --- reports ---------------------------------------------------------------------------------------------------------


def report_with_line(school, program, **line):
    OfferingFactory(school=school, program=program)
    report = AnnualReportFactory(school=school)
    ReportLineFactory(report=report, program=program, **line)
    return report


def test_a_report_line_must_be_for_an_offered_program_and_level():
    school, program = SchoolFactory(), ProgramFactory()
    report = AnnualReportFactory(school=school)
    line = ReportLineFactory.build(report=report, program=program)
    with pytest.raises(ValidationError) as excinfo:
        line.full_clean()
    assert "没有备案专业" in messages(excinfo)
    OfferingFactory(school=school, program=program, offers_advanced=False)
    line.level = "advanced"
    with pytest.raises(ValidationError) as excinfo:
        line.full_clean()
    assert "不含高级技能层级" in messages(excinfo)


def test_the_province_approves_its_own_schools_reports_only():
    school_staff = UserFactory(groups=[SCHOOL_STAFF])
    officer = UserFactory(groups=[PROVINCIAL_STAFF])
    outsider = UserFactory(groups=[PROVINCIAL_STAFF])
    ProvincialDepartmentFactory(province=Province.GUANGDONG, staff=[officer])
    ProvincialDepartmentFactory(province=Province.JIANGSU, staff=[outsider])
    school = SchoolFactory(province=Province.GUANGDONG, staff=[school_staff])
    report = report_with_line(school, ProgramFactory())

    with pytest.raises(PermissionDenied):
        services.submit_report(report, officer)
    services.submit_report(report, school_staff)
    with pytest.raises(PermissionDenied):
        services.approve_report(report, outsider)
    with pytest.raises(ValidationError):
        services.return_report(report, officer, "  ")
    services.approve_report(report, officer)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.APPROVED and report.decided_by == officer
    with pytest.raises(ValidationError):
        services.approve_report(report, officer)

    assert list(visible_reports(outsider)) == []
    assert list(visible_reports(officer)) == [report]
    assert list(visible_schools(school_staff)) == [school]
    assert visible_schools(UserFactory(groups=[ADMINISTRATORS])).count() == 1


def test_an_empty_report_cannot_be_submitted():
    staff = UserFactory(groups=[SCHOOL_STAFF])
    report = AnnualReportFactory(school=SchoolFactory(staff=[staff]))
    with pytest.raises(ValidationError) as excinfo:
        services.submit_report(report, staff)
    assert "还没有任何专业的数据" in messages(excinfo)


# --- adoption ------------------------------------------------------------------------------------------------------


def test_an_unlisted_book_for_a_course_with_listed_titles_needs_a_reason():
    school, program = SchoolFactory(), ProgramFactory()
    OfferingFactory(school=school, program=program)
    course = ProgramCourse.objects.create(program=program, code="K01", name="零件加工")
    listed = TextbookFactory(programs=[program], review_stage=ReviewStage.LISTED, live=True)
    listed.courses.add(course)
    listed.save()  # a ParentalManyToManyField writes on save

    AdoptionFactory.build(school=school, course=course, textbook=listed).full_clean()
    other = AdoptionFactory.build(school=school, course=course, other_title="自编讲义")
    with pytest.raises(ValidationError) as excinfo:
        other.full_clean()
    assert "须填写理由" in messages(excinfo)
    other.reason = "校企合作企业提供的实训手册"
    other.full_clean()


def test_a_book_for_a_course_without_listed_titles_needs_no_reason_but_the_school_must_offer_the_program():
    school, program = SchoolFactory(), ProgramFactory()
    course = ProgramCourse.objects.create(program=program, code="K01", name="零件加工")
    adoption = AdoptionFactory.build(school=school, course=course, other_title="自编讲义")
    with pytest.raises(ValidationError) as excinfo:
        adoption.full_clean()
    assert "没有开设专业" in messages(excinfo)
    OfferingFactory(school=school, program=program)
    adoption.full_clean()
    both = AdoptionFactory.build(school=school, course=course, other_title="甲", textbook=TextbookFactory())
    with pytest.raises(ValidationError) as excinfo:
        both.full_clean()
    assert "二者选一" in messages(excinfo)


@pytest.mark.parametrize("term", ["2025-2027-1", "2025-2026-3", "2025秋", ""])
def test_a_malformed_term_is_refused(term):
    adoption = AdoptionFactory.build(term=term)
    with pytest.raises(ValidationError) as excinfo:
        adoption.full_clean(exclude=["school", "course"])
    assert "学期" in messages(excinfo) or "不能为空" in messages(excinfo)


def test_a_school_registers_only_the_levels_its_kind_trains_at():
    program = ProgramFactory(offers_technician=True)
    school = SchoolFactory(kind=School.Kind.SCHOOL)
    with pytest.raises(ValidationError) as excinfo:
        services.register_offering(school, program.code, ["intermediate", "advanced"], 2020)
    assert "技工学校不能开设高级技能层级" in messages(excinfo)
    senior = SchoolFactory(kind=School.Kind.SENIOR)
    services.register_offering(senior, program.code, ["intermediate", "advanced"], 2020)


def test_a_school_cannot_change_to_a_kind_below_the_levels_it_already_runs():
    school = SchoolFactory(kind=School.Kind.TECHNICIAN_COLLEGE)
    OfferingFactory(school=school, program=ProgramFactory(code="0105"), offers_advanced=True)
    school.kind = School.Kind.SCHOOL
    with pytest.raises(ValidationError) as excinfo:
        school.full_clean()
    assert "技工学校不能开设本校已备案的0105 高级技能" in messages(excinfo)
    school.kind = School.Kind.SENIOR
    school.full_clean()
