"""The schools register walked through the admin as its users see it: schools, provinces and administrators."""

from django.urls import reverse

import pytest

from catalogue.factories import AdjustmentFactory, ProgramFactory, UserFactory
from catalogue.models import Program, Succession
from catalogue.schools.admin.viewsets import (
    adoption_viewset,
    offering_viewset,
    report_viewset,
    school_viewset,
)
from catalogue.schools.factories import (
    AnnualReportFactory,
    OfferingFactory,
    ProvincialDepartmentFactory,
    ReportLineFactory,
    SchoolFactory,
    credit_code,
)
from catalogue.schools.models import Adoption, AnnualReport, Offering, School
from catalogue.schools.provinces import Province
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import ReviewStage
from cms.users.roles import ADMINISTRATORS, PROVINCIAL_STAFF, SCHOOL_STAFF
from standards.models import ProgramCourse

pytestmark = pytest.mark.django_db


def url(viewset, name, *args):
    return reverse(viewset.get_url_name(name), args=args)


class Register:
    """Two schools in two provinces, their staff, each province's officer, and a program school A offers."""

    def __init__(self):
        self.staff_a = UserFactory(username="school-a", groups=[SCHOOL_STAFF])
        self.staff_b = UserFactory(username="school-b", groups=[SCHOOL_STAFF])
        self.officer = UserFactory(username="gd-officer", groups=[PROVINCIAL_STAFF])
        self.outsider = UserFactory(username="js-officer", groups=[PROVINCIAL_STAFF])
        self.admin = UserFactory(username="admin", groups=[ADMINISTRATORS])
        ProvincialDepartmentFactory(province=Province.GUANGDONG, staff=[self.officer])
        ProvincialDepartmentFactory(province=Province.JIANGSU, staff=[self.outsider])
        self.school_a = SchoolFactory(
            name="广州甲技工学校", province=Province.GUANGDONG, staff=[self.staff_a]
        )
        self.school_b = SchoolFactory(name="南京乙技师学院", province=Province.JIANGSU, staff=[self.staff_b])
        self.program = ProgramFactory(code="0101", name="数控加工")
        OfferingFactory(school=self.school_a, program=self.program, offers_advanced=False)


@pytest.fixture
def reg():
    return Register()


def login(client, user):
    client.force_login(user)
    return client


def lines_data(*lines, initial=0):
    data = {
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(initial),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for i, line in enumerate(lines):
        data.update({f"lines-{i}-{key}": value for key, value in line.items()})
    return data


def text(response):
    return response.content.decode()


def form_errors(response, field, formset=None):
    form = response.context["form"]
    if formset is None:
        return " ".join(form.errors.get(field, []))
    return " ".join(" ".join(f.errors.get(field, [])) for f in form.formsets[formset].forms)


def create_report(client, reg):
    response = login(client, reg.staff_a).post(
        url(report_viewset, "add"), {"school": reg.school_a.pk, "year": 2025}
    )
    assert response.status_code == 302, form_errors(response, "__all__")
    report = AnnualReport.objects.get(school=reg.school_a, year=2025)
    assert response["Location"] == url(report_viewset, "edit", report.pk)
    return report


LINE = {
    "level": "intermediate",
    "enrolment": "120",
    "students": "350",
    "graduates": "100",
    "employment_rate": "96.5",
}


def add_line(client, report, **line):
    data = {"school": report.school_id, "year": report.year, **lines_data({"program": "", **LINE, **line})}
    return client.post(url(report_viewset, "edit", report.pk), data)


# --- the report's walk -------------------------------------------------------------------------------------------


def test_a_school_fills_and_submits_its_report_and_the_province_approves_it(client, reg):
    report = create_report(client, reg)
    response = add_line(client, report, program=reg.program.pk)
    assert response.status_code == 302, form_errors(response, "program", "lines")
    line = report.lines.get()
    assert (line.program, line.enrolment, str(line.employment_rate)) == (reg.program, 120, "96.5")

    inspect = client.get(url(report_viewset, "inspect", report.pk))
    assert "0101 数控加工" in text(inspect) and reverse(
        report_viewset.get_url_name("submit"), args=[report.pk]
    ) in text(inspect)
    response = client.post(url(report_viewset, "submit", report.pk), follow=True)
    assert "已提交广州甲技工学校 2025 年专业年报" in text(response)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUBMITTED and report.submitted_by == reg.staff_a

    officer = Client_as(reg.officer)
    listing = officer.get(url(report_viewset, "index"))
    assert "待您审核的年报：1 份" in text(listing) and "广州甲技工学校" in text(listing)
    response = officer.post(url(report_viewset, "approve", report.pk), follow=True)
    assert "已审核通过广州甲技工学校 2025 年专业年报" in text(response)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.APPROVED and report.decided_by == reg.officer
    assert "待您审核的年报：0 份" in text(officer.get(url(report_viewset, "index")))

    history = officer.get(url(report_viewset, "history", report.pk))
    assert "提交年报" in text(history) and "审核通过年报" in text(history)
    for user in (reg.staff_a, reg.officer, reg.admin):  # approved: read-only for everyone
        response = Client_as(user).get(url(report_viewset, "edit", report.pk))
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def Client_as(user):  # noqa: N802 - reads as a constructor
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def submitted_report(reg):
    report = AnnualReportFactory(school=reg.school_a, year=2025)
    ReportLineFactory(report=report, program=reg.program)
    from catalogue.schools import services

    return services.submit_report(report, reg.staff_a)


def test_a_returned_report_shows_the_reason_to_the_school_which_edits_it_again(client, reg):
    report = submitted_report(reg)
    officer = Client_as(reg.officer)
    response = officer.post(url(report_viewset, "return", report.pk), {"reason": " "})
    assert "请填写退回理由" in text(response)
    response = officer.post(
        url(report_viewset, "return", report.pk), {"reason": "毕业生人数与上年招生不符，请核对。"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.RETURNED

    school = login(client, reg.staff_a)
    for name in ("edit", "inspect"):
        response = school.get(url(report_viewset, name, report.pk))
        assert response.status_code == 200 and "毕业生人数与上年招生不符，请核对。" in text(response), name
    assert "退回年报" in text(school.get(url(report_viewset, "history", report.pk)))


def test_a_school_cannot_change_its_report_once_submitted(client, reg):
    report = submitted_report(reg)
    school = login(client, reg.staff_a)
    response = school.get(url(report_viewset, "edit", report.pk))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    response = add_line(school, report, program=reg.program.pk, enrolment="999", level="intermediate")
    assert response["Location"] == reverse("wagtailadmin_home")
    assert list(report.lines.values_list("enrolment", flat=True)) == [100]
    inspect = school.get(url(report_viewset, "inspect", report.pk))
    assert "待省级审核" in text(inspect) and url(report_viewset, "submit", report.pk) not in text(inspect)
    response = school.post(url(report_viewset, "submit", report.pk), follow=True)
    assert "不能提交" in text(response)


def test_a_report_line_the_school_did_not_register_is_refused_on_its_field(client, reg):
    report = create_report(client, reg)
    response = add_line(client, report, program=reg.program.pk, level="advanced")
    assert "不含高级技能层级" in form_errors(response, "level", "lines")
    response = add_line(client, report, program=reg.program.pk, graduates="10", employment_rate="")
    assert "有毕业生时必须填写就业率" in form_errors(response, "employment_rate", "lines")
    assert not report.lines.exists()
    response = client.post(url(report_viewset, "submit", report.pk))
    assert "还没有任何专业的数据" in text(response)


def test_another_province_can_neither_see_nor_approve_a_report(client, reg):
    report = submitted_report(reg)
    outsider = login(client, reg.outsider)
    assert "广州甲技工学校" not in text(outsider.get(url(report_viewset, "index")))
    for name in ("inspect", "approve", "return"):
        response = outsider.get(url(report_viewset, name, report.pk))
        assert response["Location"] == reverse("wagtailadmin_home"), name
    response = outsider.post(url(report_viewset, "approve", report.pk))
    assert response["Location"] == reverse("wagtailadmin_home")
    response = outsider.post(url(report_viewset, "return", report.pk), {"reason": "伪造"})
    assert response["Location"] == reverse("wagtailadmin_home")
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUBMITTED and report.decided_by is None


def test_a_school_sees_only_its_own_records(client, reg):
    report = AnnualReportFactory(school=reg.school_a)
    other = login(client, reg.staff_b)
    assert "广州甲技工学校" not in text(other.get(url(report_viewset, "index")))
    assert "广州甲技工学校" not in text(other.get(url(school_viewset, "index")))
    assert "南京乙技师学院" in text(other.get(url(school_viewset, "index")))
    for viewset, pk in ((report_viewset, report.pk), (school_viewset, reg.school_a.pk)):
        response = other.get(url(viewset, "inspect", pk))
        assert response["Location"] == reverse("wagtailadmin_home")
    response = other.get(url(report_viewset, "add"))
    assert f'value="{reg.school_a.pk}"' not in text(response)


# --- offerings -----------------------------------------------------------------------------------------------------


def offering_data(school, **fields):
    return {
        "school": school.pk,
        "program_code": "",
        "program": "",
        "offers_intermediate": "on",
        "since_year": "2020",
        **fields,
    }


def test_a_retired_code_is_refused_naming_its_successor(client, reg):
    old = ProgramFactory(
        category=reg.program.category, code="0102", name="机床维修", status=Program.Status.RETIRED
    )
    new = ProgramFactory(category=reg.program.category, code="0150", name="智能装备维修")
    Succession.objects.create(predecessor=old, successor=new, adjustment=AdjustmentFactory())
    school = login(client, reg.staff_a)
    response = school.post(url(offering_viewset, "add"), offering_data(reg.school_a, program_code="0102"))
    assert "已退出现行目录，请按接续专业 0150 智能装备维修 备案" in form_errors(response, "program_code")
    assert "已退出现行目录" in text(response)
    response = school.post(url(offering_viewset, "add"), offering_data(reg.school_a, program_code="9999"))
    assert "不在专业目录中" in form_errors(response, "program_code")
    response = school.post(url(offering_viewset, "add"), offering_data(reg.school_a, program=old.pk))
    assert form_errors(response, "program")  # not among the programs in force
    assert not Offering.objects.filter(program=old).exists()

    response = school.post(url(offering_viewset, "add"), offering_data(reg.school_a, program_code="0150"))
    assert response.status_code == 302
    offering = Offering.objects.get(school=reg.school_a, program=new)
    assert offering.levels() == ["intermediate"]


def test_a_school_registers_offerings_for_its_own_school_only_and_marks_them_withdrawn(client, reg):
    new = ProgramFactory(category=reg.program.category, code="0150", name="智能装备维修")
    school = login(client, reg.staff_a)
    response = school.post(url(offering_viewset, "add"), offering_data(reg.school_b, program=new.pk))
    assert form_errors(response, "school")
    response = school.post(
        url(offering_viewset, "add"), offering_data(reg.school_a, program=new.pk, offers_intermediate="")
    )
    assert "请至少选择一个培养层级" in form_errors(response, "offers_intermediate")
    assert not Offering.objects.filter(program=new).exists()

    offering = Offering.objects.get(school=reg.school_a, program=reg.program)
    data = offering_data(reg.school_a, since_year="2015", withdrawn_year="2010")
    response = school.post(url(offering_viewset, "edit", offering.pk), data)
    assert "停办年份不能早于开设年份" in form_errors(response, "withdrawn_year")
    response = school.post(url(offering_viewset, "edit", offering.pk), {**data, "withdrawn_year": "2025"})
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.withdrawn_year == 2025 and offering.program == reg.program
    assert "2025 年停办" in text(school.get(url(offering_viewset, "index")))

    province = login(client, reg.officer)
    assert "0101 数控加工" in text(province.get(url(offering_viewset, "index")))
    response = province.post(url(offering_viewset, "edit", offering.pk), {**data, "withdrawn_year": ""})
    assert response["Location"] == reverse("wagtailadmin_home")
    assert province.get(url(offering_viewset, "add"))["Location"] == reverse("wagtailadmin_home")


# --- adoption ------------------------------------------------------------------------------------------------------


def adoption_world(reg):
    course = ProgramCourse.objects.create(program=reg.program, code="K01", name="零件加工")
    listed = TextbookFactory(
        title="零件加工（第二版）", programs=[reg.program], review_stage=ReviewStage.LISTED, live=True
    )
    listed.courses.add(course)
    listed.save()
    return course, listed


def adoption_data(reg, course, **fields):
    return {
        "school": reg.school_a.pk,
        "term": "2025-2026-1",
        "course": course.pk,
        "textbook": "",
        "other_title": "",
        "other_isbn": "",
        "students": "40",
        "reason": "",
        **fields,
    }


def test_an_unplanned_book_needs_a_reason_shown_on_the_reason_field_and_the_province_reads_it(client, reg):
    course, listed = adoption_world(reg)
    school = login(client, reg.staff_a)
    form = school.get(url(adoption_viewset, "add"))
    assert "零件加工（第二版）" in text(form) and "0101 K01 零件加工" in text(form)
    response = school.post(url(adoption_viewset, "add"), adoption_data(reg, course, other_title="自编讲义"))
    assert "选用非规划教材须填写理由" in form_errors(response, "reason")
    assert not Adoption.objects.exists()
    response = school.post(
        url(adoption_viewset, "add"),
        adoption_data(reg, course, other_title="自编讲义", reason="校企合作企业提供的实训手册"),
    )
    assert response.status_code == 302
    response = school.post(url(adoption_viewset, "add"), adoption_data(reg, course, textbook=listed.pk))
    assert response.status_code == 302
    response = school.post(
        url(adoption_viewset, "add"), adoption_data(reg, course, term="2025秋", textbook=listed.pk)
    )
    assert "学期" in form_errors(response, "term")

    province = login(client, reg.officer)
    listing = text(province.get(url(adoption_viewset, "index"), {"not_planned": "yes"}))
    assert (
        "自编讲义" in listing
        and "校企合作企业提供的实训手册" in listing
        and "零件加工（第二版）" not in listing
    )
    assert "零件加工（第二版）" in text(province.get(url(adoption_viewset, "index")))
    planned = text(province.get(url(adoption_viewset, "index"), {"not_planned": "no"}))
    assert "零件加工（第二版）" in planned and "自编讲义" not in planned
    adoption = Adoption.objects.get(other_title="自编讲义")
    response = province.get(url(adoption_viewset, "edit", adoption.pk))
    assert response["Location"] == reverse("wagtailadmin_home")
    outsider = login(client, reg.outsider)
    assert "自编讲义" not in text(outsider.get(url(adoption_viewset, "index")))


# --- schools and departments ---------------------------------------------------------------------------------------


def test_administrators_register_schools_with_a_checked_credit_code(client, reg):
    admin = login(client, reg.admin)
    code = credit_code(900)
    data = {
        "name": "深圳丙技师学院",
        "province": "44",
        "kind": "technician_college",
        "credit_code": code[:17] + ("0" if code[17] != "0" else "1"),
        "staff": [reg.staff_a.pk],
    }
    response = admin.post(url(school_viewset, "add"), data)
    assert f"应为“{code[17]}”" in form_errors(response, "credit_code")
    response = admin.post(url(school_viewset, "add"), {**data, "credit_code": code.lower()})
    assert response.status_code == 302
    school = School.objects.get(name="深圳丙技师学院")
    assert school.credit_code == code and list(school.staff.all()) == [reg.staff_a]
    listing = text(admin.get(url(school_viewset, "index"), {"province": "44"}))
    assert "深圳丙技师学院" in listing and "南京乙技师学院" not in listing
    assert "深圳丙技师学院" in text(admin.get(url(school_viewset, "index"), {"q": code[:10]}))

    for user in (reg.staff_a, reg.officer):
        other = Client_as(user)
        assert other.get(url(school_viewset, "inspect", school.pk)).status_code == 200
        assert other.get(url(school_viewset, "edit", school.pk))["Location"] == reverse("wagtailadmin_home")
        assert other.get(url(school_viewset, "add"))["Location"] == reverse("wagtailadmin_home")
        assert other.get(reverse("schools_department:index"))["Location"] == reverse("wagtailadmin_home")


def test_an_administrator_edits_a_school_keeping_its_staff(client, reg):
    admin = login(client, reg.admin)
    response = admin.get(url(school_viewset, "edit", reg.school_a.pk))
    assert response.status_code == 200 and str(reg.staff_a) in text(response)
    data = {"name": "广州甲技师学院", "province": "44", "kind": "technician_college"}
    data |= {"credit_code": reg.school_a.credit_code, "staff": [reg.staff_a.pk, reg.staff_b.pk]}
    assert admin.post(url(school_viewset, "edit", reg.school_a.pk), data).status_code == 302
    reg.school_a.refresh_from_db()
    assert reg.school_a.name == "广州甲技师学院" and reg.school_a.staff.count() == 2
