"""The admin upload of a province's 专业年报 file, as provincial staff, school staff and an administrator see it."""

from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from catalogue.factories import ProgramFactory, UserFactory
from catalogue.schools.factories import OfferingFactory, ProvincialDepartmentFactory, SchoolFactory
from catalogue.schools.models import AnnualReport, ReportLine
from catalogue.schools.provinces import Province
from cms.users.roles import ADMINISTRATORS, PROVINCIAL_STAFF, SCHOOL_STAFF

from .files import REPORT_HEADER, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

URL = reverse("schools_import_reports")
HEADER = REPORT_HEADER


@pytest.fixture
def schools():
    program = ProgramFactory()
    guangdong = SchoolFactory(name="广州市机电技师学院", province=Province.GUANGDONG)
    jiangsu = SchoolFactory(name="常州技师学院", province=Province.JIANGSU)
    for school in (guangdong, jiangsu):
        OfferingFactory(school=school, program=program)
    return guangdong, jiangsu, program


def row(school, program, enrolment="120"):
    return [school.credit_code, school.name, program.code, "中级技能", enrolment, "350", "100", "95.5"]


@pytest.fixture
def officer(client):
    user = UserFactory(groups=[PROVINCIAL_STAFF])
    ProvincialDepartmentFactory(province=Province.GUANGDONG, staff=[user])
    client.force_login(user)
    return user


def upload(client, path, **data):
    with path.open("rb") as handle:
        return client.post(URL, {"file": handle, "year": "2025", **data})


def test_provincial_staff_import_and_approve_their_own_provinces_reports(client, officer, schools, tmp_path):
    guangdong, _, program = schools
    assert URL in client.get(reverse("wagtailadmin_home")).content.decode()  # the menu item
    response = upload(
        client, write_xlsx(tmp_path, HEADER, [row(guangdong, program)]), province="44", approve="on"
    )
    assert response.status_code == 200
    assert "年报：新增 1，更新 0，未变 0；专业数据：新增 1，更新 0，未变 0" in response.content.decode()
    report = AnnualReport.objects.get(school=guangdong, year=2025)
    assert report.status == AnnualReport.Status.APPROVED
    assert report.decided_by == officer and report.submitted_by == officer
    history = ModelLogEntry.objects.filter(object_id=str(report.pk), user=officer)
    assert set(history.values_list("action", flat=True)) == {
        "schools.report.submit",
        "schools.report.approve",
    }


def test_a_row_of_another_provinces_school_is_refused_and_nothing_is_written(
    client, officer, schools, tmp_path
):
    guangdong, jiangsu, program = schools
    rows = [row(guangdong, program), row(jiangsu, program), row(guangdong, program, enrolment="很多")]
    response = upload(client, write_csv(tmp_path, HEADER, rows), province="44")
    page = response.content.decode()
    assert "发现 3 个问题，未写入任何数据" in page
    assert "常州技师学院属于江苏省，不在本次可导入的省份（广东省）内" in page
    assert "<td>4</td>" in page and "招生人数“很多”应为整数" in page
    assert AnnualReport.objects.count() == 0 and ReportLine.objects.count() == 0


def test_provincial_staff_cannot_choose_another_province(client, officer, schools, tmp_path):
    _, jiangsu, program = schools
    response = upload(client, write_csv(tmp_path, HEADER, [row(jiangsu, program)]), province="32")
    assert response.status_code == 200 and "不在可用的选项中" in response.content.decode()
    assert AnnualReport.objects.count() == 0


def test_school_staff_are_turned_away(client, schools, tmp_path):
    guangdong, _, program = schools
    user = UserFactory(groups=[SCHOOL_STAFF])
    guangdong.staff.add(user)
    client.force_login(user)
    assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(URL).url == reverse("wagtailadmin_home")
    response = upload(client, write_csv(tmp_path, HEADER, [row(guangdong, program)]))
    assert response.url == reverse("wagtailadmin_home")
    assert AnnualReport.objects.count() == 0


def test_an_administrator_imports_every_provinces_schools(client, schools, tmp_path):
    guangdong, jiangsu, program = schools
    client.force_login(UserFactory(groups=[ADMINISTRATORS]))
    response = upload(client, write_csv(tmp_path, HEADER, [row(guangdong, program), row(jiangsu, program)]))
    assert "年报：新增 2，更新 0，未变 0" in response.content.decode()
    assert set(AnnualReport.objects.values_list("status", flat=True)) == {AnnualReport.Status.SUBMITTED}
