"""The acceptance figures of the shared illustrative data, through the project's own commands."""

import json
from io import StringIO

from django.core.management import call_command

import pytest

from catalogue.models import Category, Edition, Program

pytestmark = pytest.mark.django_db


def _import_shared(shared_data):
    call_command("import_programs", str(shared_data / "programs.csv"), "--no-progress", stdout=StringIO())
    call_command(
        "import_adjustments",
        str(shared_data / "adjustments-2025.csv"),
        "--edition",
        "2025",
        "--approve",
        "--no-progress",
        stdout=StringIO(),
    )


def test_baseline_has_15_categories_and_167_programs(shared_data):
    call_command("import_programs", str(shared_data / "programs.csv"), "--no-progress", stdout=StringIO())
    assert Category.objects.count() == 15
    assert Edition.objects.get(name="2018").programs.count() == 167


def test_2025_batch_leaves_169_programs_in_force_and_diff_matches_readme(shared_data):
    _import_shared(shared_data)
    assert Edition.objects.get(name="2025").programs.count() == 169
    assert Program.objects.in_force().count() == 169
    out = StringIO()
    call_command("catalogue_diff", "2018", "2025", "--json", stdout=out)
    diff = json.loads(out.getvalue())
    assert diff == {
        "added": ["0126", "0214", "0316", "0414", "0516", "0711", "0812", "1211", "1212"],
        "retired": ["0203", "0211", "0306", "0405", "0610", "1202", "1408"],
        "renamed": ["0117", "0207", "0609", "1403"],
    }


def test_importing_both_files_twice_changes_nothing(shared_data):
    _import_shared(shared_data)
    programs_before = list(Program.objects.values_list("code", "name", "status").order_by("code"))
    _import_shared(shared_data)
    assert list(Program.objects.values_list("code", "name", "status").order_by("code")) == programs_before
    assert Edition.objects.get(name="2025").programs.count() == 169
