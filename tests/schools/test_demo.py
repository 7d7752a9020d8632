"""The demo schools files: they import cleanly onto the demo catalogue and give the retirement warnings something
to say: a few programs with falling enrolment, low employment or few schools, not the whole catalogue."""

from django.db import transaction

import pytest

from catalogue.flags import retirement_flags
from catalogue.models import Program
from catalogue.schools.models import AnnualReport, Offering, School
from tests.conftest import DEMO_DATA, apply_2025_batch, import_baseline

from .files import run

pytestmark = pytest.mark.django_db

SCHOOLS = DEMO_DATA / "schools"
YEARS = (2023, 2024, 2025)


@pytest.fixture(scope="module")
def demo_register(django_db_setup, django_db_blocker):
    """The demo catalogue and schools register, imported once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        import_baseline()
        apply_2025_batch()
        run("import_schools", SCHOOLS / "schools.csv")
        run("import_offerings", SCHOOLS / "offerings.csv")
        for year in YEARS:
            run("import_school_reports", SCHOOLS / f"reports-{year}.csv", "--year", str(year), "--approve")
        yield
        transaction.set_rollback(True)


def test_the_demo_register_spans_provinces_and_programs_in_force(demo_register):
    assert School.objects.values("province").distinct().count() >= 4
    assert not Offering.objects.exclude(program__status=Program.Status.IN_FORCE).exists()
    approved = AnnualReport.objects.filter(status=AnnualReport.Status.APPROVED)
    assert set(approved.values_list("year", flat=True)) == set(YEARS)
    assert approved.filter(year=2025).count() == School.objects.count()


def test_the_demo_warnings_single_out_a_few_programs(demo_register):
    reasons = [reason for flag in retirement_flags() for reason in flag.reasons]
    assert sum("全国招生人数连续 2 年下降" in reason for reason in reasons) >= 2
    assert sum(reason.startswith("全国就业率") for reason in reasons) >= 2
    few = sum(reason.startswith("开设学校") for reason in reasons)
    assert 3 <= few <= 20, few  # most programs in force are run by three schools or more
    assert len(retirement_flags()) < Program.objects.in_force().count() / 5


def test_importing_the_demo_files_again_changes_nothing(demo_register):
    offerings = Offering.objects.count()
    assert f"新增 0，更新 0，未变 {offerings}" in run("import_offerings", SCHOOLS / "offerings.csv")
    output = run("import_school_reports", SCHOOLS / "reports-2025.csv", "--year", "2025")
    assert f"年报：新增 0，更新 0，未变 {School.objects.count()}" in output
