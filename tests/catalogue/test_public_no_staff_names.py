"""Public pages name no staff member and no import file: those belong to the admin's history, not to teachers.

A staff member with a distinctive name edits a program in the admin, and the catalogue and its adjustment batch
are imported from distinctively named files; no public page of the catalogue shows either.
"""

import shutil

from django.core.management import call_command
from django.urls import reverse

import pytest

from catalogue.factories import UserFactory
from catalogue.models import Program
from catalogue.wagtail_hooks import program_viewset
from cms.users.roles import ADMINISTRATORS
from tests.catalogue.test_admin import edit_form_data, url
from tests.conftest import DEMO_DATA

pytestmark = pytest.mark.django_db

PROGRAMS_FILE = "目录终稿-勿外传.csv"
ADJUSTMENTS_FILE = "调整批次-内部草稿.csv"


@pytest.fixture
def staff():
    return UserFactory(username="ouyang-staff", first_name="欧阳", last_name="澜漪", groups=[ADMINISTRATORS])


@pytest.fixture
def recorded(tmp_path, client, staff):
    """The catalogue imported from named files, then program 0101 edited in the admin by the staff member."""
    shutil.copy(DEMO_DATA / "categories.csv", tmp_path / "categories.csv")  # read from beside the list
    programs = shutil.copy(DEMO_DATA / "programs.csv", tmp_path / PROGRAMS_FILE)
    adjustments = shutil.copy(DEMO_DATA / "adjustments-2025.csv", tmp_path / ADJUSTMENTS_FILE)
    call_command("import_programs", str(programs), "--no-progress", stdout=open("/dev/null", "w"))
    call_command(
        "import_adjustments",
        str(adjustments),
        "--edition",
        "2025",
        "--approve",
        "--no-progress",
        stdout=open("/dev/null", "w"),
    )
    client.force_login(staff)
    edit = url(program_viewset, "edit", Program.objects.get(code="0101").pk)
    data = edit_form_data(client, edit, name="机床切削加工（数控车工）", change_comment="更正名称")
    assert client.post(edit, data).status_code == 302
    client.logout()


def public_pages():
    return [
        reverse("catalogue:program", args=["0101"]),
        reverse("catalogue:program", args=["0117"]),
        reverse("catalogue:index"),
        reverse("catalogue:editions"),
        reverse("catalogue:compare") + "?old=2018&new=2025",
    ]


def test_no_public_catalogue_page_names_staff_or_import_files(client, recorded, staff):
    for path in public_pages():
        html = client.get(path).content.decode()
        for secret in ("澜漪", "ouyang-staff", PROGRAMS_FILE, ADJUSTMENTS_FILE, ".csv"):
            assert secret not in html, f"{path} shows {secret}"


def test_the_revision_record_still_says_when_and_what(client, recorded):
    html = client.get(reverse("catalogue:program", args=["0101"])).content.decode()
    assert "更正名称" in html
    assert "导入专业目录 2018（" in html and "个专业）" in html
    assert "操作人" not in html
