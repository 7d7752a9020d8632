"""The admin home shows school staff their school's reports and provincial staff what waits for their approval."""

from django.urls import reverse

import pytest

from catalogue.factories import ProgramFactory, UserFactory
from catalogue.schools import services
from catalogue.schools.factories import (
    AnnualReportFactory,
    OfferingFactory,
    ProvincialDepartmentFactory,
    ReportLineFactory,
    SchoolFactory,
)
from catalogue.schools.provinces import Province
from cms.users.roles import PROVINCIAL_STAFF, SCHOOL_STAFF

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def province():
    """Two Guangdong schools with a submitted 2025 report each, one returned 2024 report, and Jiangsu's officer."""
    officer = UserFactory(username="gd-officer", groups=[PROVINCIAL_STAFF])
    other_officer = UserFactory(username="js-officer", groups=[PROVINCIAL_STAFF])
    ProvincialDepartmentFactory(province=Province.GUANGDONG, staff=[officer])
    ProvincialDepartmentFactory(province=Province.JIANGSU, staff=[other_officer])
    staff = UserFactory(username="school-staff", groups=[SCHOOL_STAFF])
    school = SchoolFactory(name="广州市机电技师学院", staff=[staff])
    neighbour_staff = UserFactory(username="neighbour-staff", groups=[SCHOOL_STAFF])
    neighbour = SchoolFactory(name="佛山市技工学校", staff=[neighbour_staff])
    program = ProgramFactory()
    reports = {}
    for owner, year in ((school, 2024), (school, 2025), (neighbour, 2025)):
        OfferingFactory(school=owner, program=program)
        report = AnnualReportFactory(school=owner, year=year)
        ReportLineFactory(report=report, program=program)
        reports[owner.name, year] = services.submit_report(
            report, staff if owner == school else neighbour_staff
        )
    services.return_report(reports[school.name, 2024], officer, "就业率与毕业生人数不符，请核实")
    return officer, other_officer, staff, reports


def test_school_staff_see_their_reports_with_the_provinces_reason_for_a_return(client, province):
    _, _, staff, reports = province
    page = home(client, staff)
    assert "本校专业年报" in page
    assert "广州市机电技师学院 2024 年专业年报" in page and "已退回：就业率与毕业生人数不符，请核实" in page
    assert reverse("schools_report:edit", args=[reports["广州市机电技师学院", 2024].pk]) in page
    assert reverse("schools_report:inspect", args=[reports["广州市机电技师学院", 2025].pk]) in page
    assert "已备案专业 1" in page
    assert "佛山市技工学校" not in page


def test_provincial_staff_see_the_reports_waiting_for_them_and_no_other_provinces(client, province):
    officer, other_officer, _, reports = province
    page = home(client, officer)
    assert "待审核的专业年报（2）" in page
    assert "佛山市技工学校 2025 年专业年报" in page and "广州市机电技师学院 2025 年专业年报" in page
    assert "2024 年专业年报" not in page  # returned: the school's turn, not theirs
    assert "佛山市技工学校" not in home(client, other_officer)
    assert "待审核的专业年报" in home(client, other_officer)
