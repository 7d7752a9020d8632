"""The admin export of 专业年报 data: each role gets the reports it may see, in the import's own format, so the
file imports back unchanged."""

import csv
import io

from django.urls import reverse

import openpyxl
import pytest

from catalogue.factories import ProgramFactory, UserFactory
from catalogue.schools.factories import (
    AnnualReportFactory,
    OfferingFactory,
    ProvincialDepartmentFactory,
    ReportLineFactory,
    SchoolFactory,
)
from catalogue.schools.provinces import Province
from cms.users.roles import PROVINCIAL_STAFF, PUBLISHERS, SCHOOL_STAFF

from .files import run

pytestmark = pytest.mark.django_db

URL = reverse("schools_export_reports")


@pytest.fixture
def reports():
    program = ProgramFactory(code="0104", name="数控加工")
    staff = UserFactory(username="gz", groups=[SCHOOL_STAFF])
    guangdong = SchoolFactory(name="广州市机电技师学院", province=Province.GUANGDONG, staff=[staff])
    jiangsu = SchoolFactory(name="=HYPERLINK(1)技师学院", province=Province.JIANGSU)
    for school, enrolment in ((guangdong, 120), (jiangsu, 80)):
        OfferingFactory(school=school, program=program)
        report = AnnualReportFactory(school=school, year=2025, status="approved")
        ReportLineFactory(report=report, program=program, level="advanced", enrolment=enrolment, graduates=0)
        ReportLineFactory(
            report=report, program=program, level="intermediate", enrolment=enrolment, graduates=50
        )
    officer = UserFactory(username="gd", groups=[PROVINCIAL_STAFF])
    ProvincialDepartmentFactory(province=Province.GUANGDONG, staff=[officer])
    return guangdong, staff, officer


def download(client, user, **params):
    client.force_login(user)
    return client.get(URL, {"year": "2025", "format": "csv", **params})


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_province_exports_its_schools_lines_in_the_import_format_and_they_import_back_unchanged(
    client, reports, tmp_path
):
    guangdong, _, officer = reports
    rows = csv_rows(download(client, officer))
    assert rows[0][:8] == [
        "统一社会信用代码",
        "学校名称",
        "专业代码",
        "层级",
        "招生人数",
        "在校生人数",
        "毕业生人数",
        "就业率（%）",
    ]
    assert [(r[1], r[3], r[4], r[7], r[8]) for r in rows[1:]] == [
        ("广州市机电技师学院", "中级技能", "120", "95.0", "已审核"),
        ("广州市机电技师学院", "高级技能", "120", "", "已审核"),
    ]
    path = tmp_path / "back.csv"
    path.write_text("\n".join(",".join(row) for row in rows), encoding="utf-8")
    output = run("import_school_reports", path, "--year", "2025")
    assert "年报：新增 0，更新 0，未变 1；专业数据：新增 0，更新 0，未变 2" in output


def test_a_school_exports_its_own_lines_and_an_administrator_everyones_formula_safe(
    client, reports, admin_user
):
    _, staff, _ = reports
    assert {row[1] for row in csv_rows(download(client, staff))[1:]} == {"广州市机电技师学院"}
    names = {row[1] for row in csv_rows(download(client, admin_user))[1:]}
    assert names == {"广州市机电技师学院", "'=HYPERLINK(1)技师学院"}
    workbook = openpyxl.load_workbook(io.BytesIO(download(client, admin_user, format="xlsx").content))
    sheet = workbook.active
    assert sheet.title == "2025年专业年报" and sheet.max_row == 5
    assert "'=HYPERLINK(1)技师学院" in [cell.value for cell in sheet["B"]]


def test_other_roles_are_refused_and_a_bad_year_is_explained(client, reports):
    response = download(client, UserFactory(groups=[PUBLISHERS]))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    _, staff, _ = reports
    response = download(client, staff, year="二〇二五")
    assert response["Location"] == reverse("schools_report:index")
    listing = client.get(response["Location"]).content.decode()
    assert "请选择要导出的年度" in listing
    assert f"{URL}?year=2025&amp;format=xlsx" in listing
