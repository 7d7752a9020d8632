"""The demo has what every journey needs, read back the way the people meet it: logins that work, three
reviewers, a program-group member with programs, 退出预警 candidates from the schools' history, standards and
the textbooks linked to them."""

import re
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

import pytest

from catalogue.flags import retirement_flags
from catalogue.models import Edition, Program
from catalogue.schools.models import (
    Adoption,
    AnnualReport,
    Offering,
    ProvincialDepartment,
    ReportLine,
    School,
)
from catalogue.textbooks.models import Textbook
from cms.users.roles import PROGRAM_GROUP_MEMBERS, REVIEWERS, has_role, holders
from standards.models import ProgramGroup, TrainingStandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """setup_demo once for the module (it takes minutes), its output kept; the data is removed afterwards."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            out = StringIO()
            call_command("setup_demo", "--url", "http://127.0.0.1:8123/", stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)


def logins(output):
    """username → password, as printed."""
    return dict(re.findall(r"用户名 (\S+)\s+密码 (\S+)", output))


def test_the_printed_address_and_every_printed_login_work(client, demo):
    assert "演示站点已就绪：http://127.0.0.1:8123/  管理后台：http://127.0.0.1:8123/admin/" in demo
    printed = logins(demo)
    assert {"admin", "reviewer", "reviewer2", "reviewer3", "group"} <= set(printed)
    for username, password in printed.items():
        assert client.login(username=username, password=password), username


def test_three_reviewers_and_a_program_group_member(demo):
    assert holders(REVIEWERS).count() >= 3
    group = ProgramGroup.objects.get(members__username="group")
    assert {p.code for p in group.programs.all()} == {"0104", "0105"}
    assert has_role(group.members.get(), PROGRAM_GROUP_MEMBERS)


def test_retirement_warnings_have_candidates_from_the_schools(client, demo):
    flags = retirement_flags()
    assert flags and any(flag.from_schools for flag in flags)
    client.login(username="admin", password=logins(demo)["admin"])
    page = client.get(reverse("catalogue_flags:index")).content.decode()
    assert flags[0].program.name in page


def test_standards_and_their_linked_textbooks(demo):
    assert TrainingStandardPage.objects.live().count() >= 16
    assert Textbook.objects.filter(courses__isnull=False).distinct().count() >= 10


def _schools_register():
    """What the demo schools register holds, down to when each row was last written."""
    return {
        "schools": sorted(School.objects.values_list("credit_code", "province")),
        "offerings": Offering.objects.count(),
        "reports": sorted(AnnualReport.objects.values_list("school_id", "year", "status", "decided_at")),
        "lines": ReportLine.objects.count(),
        "adoptions": sorted(Adoption.objects.values_list("pk", "recorded_at")),
    }


def test_a_second_start_changes_nothing_and_issues_new_passwords(client, demo):
    register = _schools_register()
    call_command("setup_demo", stdout=StringIO())  # a second start must not fail or duplicate anything
    assert _schools_register() == register
    assert len({province for _, province in register["schools"]}) >= 4
    assert {(year, status) for _, year, status, _ in register["reports"]} == {
        (2023, AnnualReport.Status.APPROVED),
        (2024, AnnualReport.Status.APPROVED),
        (2025, AnnualReport.Status.APPROVED),
    }
    assert register["adoptions"] and Adoption.objects.exclude(reason="").exists()
    assert School.objects.get(staff__username="school").province == "44"
    assert ProvincialDepartment.objects.get(staff__username="province").name == "广东省人力资源和社会保障厅"
    assert Edition.objects.get(name="2025").programs.count() == 169
    assert Program.objects.count() == 176
    assert client.get("/").status_code == 200
    # Each start issues a new password.
    assert not client.login(username="admin", password=logins(demo)["admin"])
