"""Project-wide foundations: roles, settings per environment, factories and the demo set-up command."""

import os
import subprocess
import sys
from io import StringIO

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

import pytest

from catalogue import factories
from catalogue.models import Edition, Program
from catalogue.schools.models import (
    Adoption,
    AnnualReport,
    Offering,
    ProvincialDepartment,
    ReportLine,
    School,
)
from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS, PUBLISHERS, REVIEWERS, ensure_roles
from tests.conftest import REPO

pytestmark = pytest.mark.django_db


def test_roles_exist_and_creating_them_again_changes_nothing():
    names = {ADMINISTRATORS, COMMITTEE_MEMBERS, REVIEWERS, PUBLISHERS}
    before = {
        g.role.key: set(g.permissions.values_list("codename", flat=True))
        for g in Group.objects.filter(role__isnull=False)
    }
    ensure_roles()
    after = {
        g.role.key: set(g.permissions.values_list("codename", flat=True))
        for g in Group.objects.filter(role__isnull=False)
    }
    assert names <= set(after) and before == after
    assert "approve_adjustment" in after[ADMINISTRATORS]
    assert "approve_adjustment" not in after[COMMITTEE_MEMBERS]
    assert "add_adjustment" in after[COMMITTEE_MEMBERS]


def test_site_speaks_simplified_chinese_in_shanghai_time():
    assert settings.LANGUAGE_CODE == "zh-hans" and settings.TIME_ZONE == "Asia/Shanghai"


def test_every_factory_builds():
    program = factories.ProgramFactory()
    assert program.pk and program.code.startswith(program.category.code)
    assert factories.EditionFactory(name="2030").effective_date.year == 2030
    assert factories.OrganisationFactory().pk
    assert factories.UserFactory(groups=[PUBLISHERS]).groups.filter(role__key=PUBLISHERS).exists()
    adjustment = factories.AdjustmentFactory(targets=[(program.category.code + "99", "新专业")])
    assert adjustment.new_entries == [(program.category.code + "99", "新专业")]


def _schools_register():
    """What the demo schools register holds, down to when each row was last written."""
    return {
        "schools": sorted(School.objects.values_list("credit_code", "province")),
        "offerings": Offering.objects.count(),
        "reports": sorted(AnnualReport.objects.values_list("school_id", "year", "status", "decided_at")),
        "lines": ReportLine.objects.count(),
        "adoptions": sorted(Adoption.objects.values_list("pk", "recorded_at")),
    }


def test_setup_demo_loads_the_catalogue_and_prints_working_logins(client):
    out = StringIO()
    call_command("setup_demo", stdout=out)
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
    admin_line = next(line for line in out.getvalue().splitlines() if "用户名 admin" in line)
    assert client.get("/").status_code == 200
    old_password = admin_line.split("密码")[-1].strip()
    assert not client.login(username="admin", password=old_password)  # each start issues a new password


def _run_settings_check(module, extra_env):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update(extra_env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_settings_check("cms.settings.production", {})
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = _run_settings_check(
        "cms.settings.production",
        {"SECRET_KEY": "x" * 64 + "-a-long-random-value-for-the-check", "ALLOWED_HOSTS": "example.org"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
