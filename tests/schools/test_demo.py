"""The demo schools files: they import cleanly onto the demo catalogue and show what the statistics look for."""

from django.db.models import Count, Sum

import pytest

from catalogue.models import Program
from catalogue.schools.models import AnnualReport, Offering, ReportLine, School
from tests.conftest import DEMO_DATA

from .files import run

SCHOOLS = DEMO_DATA / "schools"


@pytest.fixture
def demo_register(catalogue_2025):
    run("import_schools", SCHOOLS / "schools.csv")
    run("import_offerings", SCHOOLS / "offerings.csv")
    for year in (2024, 2025):
        run("import_school_reports", SCHOOLS / f"reports-{year}.csv", "--year", str(year), "--approve")


def enrolment(year):
    lines = (
        ReportLine.objects.filter(report__year=year).values("program__code").annotate(total=Sum("enrolment"))
    )
    return {row["program__code"]: row["total"] for row in lines}


def test_the_demo_register_spans_provinces_and_programs_in_force(demo_register):
    assert School.objects.values("province").distinct().count() >= 4
    assert not Offering.objects.exclude(program__status=Program.Status.IN_FORCE).exists()
    assert (
        AnnualReport.objects.filter(status=AnnualReport.Status.APPROVED).count() == 2 * School.objects.count()
    )


def test_the_demo_reports_show_falling_enrolment_low_employment_and_rare_programs(demo_register):
    before, after = enrolment(2024), enrolment(2025)
    falling = [code for code in after if after[code] < 0.85 * before.get(code, 0)]
    assert len(falling) >= 2
    low = ReportLine.objects.filter(report__year=2025, employment_rate__lt=85)
    assert low.values("program").distinct().count() >= 2
    rare = Offering.objects.values("program").annotate(schools=Count("school")).filter(schools__lt=3)
    assert rare.count() >= 3


def test_importing_the_demo_files_again_changes_nothing(demo_register):
    assert "新增 0，更新 0，未变 75" in run("import_offerings", SCHOOLS / "offerings.csv")
    output = run("import_school_reports", SCHOOLS / "reports-2025.csv", "--year", "2025")
    assert "年报：新增 0，更新 0，未变 12" in output
