"""Project-wide foundations: roles, settings per environment, factories and the demo set-up command."""

import os
import subprocess
import sys

from django.conf import settings
from django.contrib.auth.models import Group

import pytest

from catalogue import factories
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
