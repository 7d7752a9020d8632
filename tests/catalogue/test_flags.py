"""Retirement flags (low employment, falling enrolment) and the sector table, built from factories."""

from decimal import Decimal

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory
from catalogue.flags import employment_rate_threshold, reasons_for, retirement_flags, sector_counts
from catalogue.models import EnrolmentRecord, Program, Sector

pytestmark = pytest.mark.django_db


def flagged_codes():
    return [flag.program.code for flag in retirement_flags()]


def records(program, *rows):
    for year, enrolment, *rate in rows:
        EnrolmentRecord.objects.create(
            program=program, year=year, enrolment=enrolment, employment_rate=rate[0] if rate else None
        )


def test_a_program_under_the_threshold_is_flagged_with_its_rate_and_year():
    weak = ProgramFactory(employment_rate=Decimal("71.4"), employment_rate_year=2024)
    ProgramFactory(employment_rate=Decimal("92.0"))
    [flag] = retirement_flags()
    assert flag.program == weak
    assert flag.reasons == ["就业率 71.4%（2024 年）低于 85%"]


def test_the_threshold_comes_from_settings(settings):
    ProgramFactory(code="1011", category=CategoryFactory(code="10"), employment_rate=Decimal("80.0"))
    assert employment_rate_threshold() == Decimal("85")
    assert flagged_codes() == ["1011"]
    settings.CATALOGUE_EMPLOYMENT_RATE_THRESHOLD = 75
    assert flagged_codes() == []
    settings.CATALOGUE_EMPLOYMENT_RATE_THRESHOLD = 80.5
    assert retirement_flags()[0].reasons == ["就业率 80%（2024 年）低于 80.5%"]


def test_a_rate_at_the_threshold_is_not_flagged(settings):
    settings.CATALOGUE_EMPLOYMENT_RATE_THRESHOLD = 85
    ProgramFactory(employment_rate=Decimal("85.0"))
    assert flagged_codes() == []


def test_falling_enrolment_over_the_latest_two_years_is_flagged():
    program = ProgramFactory()
    records(program, (2023, 500), (2024, 400))
    [flag] = retirement_flags()
    assert flag.reasons == ["招生人数下降：2023 年 500 人 → 2024 年 400 人，降幅 20.0%"]


def test_only_the_latest_two_years_count():
    recovering = ProgramFactory()
    records(recovering, (2024, 450), (2022, 900), (2023, 300))
    steady = ProgramFactory()
    records(steady, (2024, 300), (2023, 300))
    single = ProgramFactory()
    records(single, (2024, 100))
    assert flagged_codes() == []


def test_both_reasons_are_given_together():
    program = ProgramFactory(employment_rate=Decimal("70.0"), employment_rate_year=None)
    records(program, (2023, 800), (2024, 700))
    assert reasons_for(program) == [
        "就业率 70%低于 85%",
        "招生人数下降：2023 年 800 人 → 2024 年 700 人，降幅 12.5%",
    ]


def test_without_its_own_rate_a_program_is_judged_on_the_newest_yearly_rate():
    program = ProgramFactory(employment_rate=None, employment_rate_year=None)
    records(program, (2023, 500, Decimal("90.0")), (2024, 520, Decimal("80.0")))
    assert reasons_for(program) == ["就业率 80%（2024 年）低于 85%"]
    unrated = ProgramFactory(employment_rate=None, employment_rate_year=None)
    assert reasons_for(unrated) == []


def test_retired_programs_are_not_flagged():
    ProgramFactory(employment_rate=Decimal("50.0"), status=Program.Status.RETIRED)
    assert flagged_codes() == []


def test_sector_counts_per_category_count_programs_in_force_only():
    mechanics, textiles, empty = (
        CategoryFactory(code="01"),
        CategoryFactory(code="12"),
        CategoryFactory(code="15"),
    )
    ProgramFactory(category=mechanics, sector=Sector.EMERGING)
    ProgramFactory(category=mechanics, sector=Sector.EMERGING)
    ProgramFactory(category=mechanics, sector=Sector.REGULAR)
    ProgramFactory(category=textiles, sector=Sector.UPGRADED)
    ProgramFactory(category=textiles, sector=Sector.SHORTAGE, status=Program.Status.RETIRED)
    rows = {row.category.code if row.category else "total": row for row in sector_counts()}
    # columns follow Sector: 新兴, 紧缺, 传统升级, 常规
    assert rows["01"].cells == [2, 0, 0, 1] and rows["01"].total == 3
    assert rows["12"].cells == [0, 0, 1, 0]
    assert rows["15"].cells == [0, 0, 0, 0] and rows[empty.code].total == 0
    assert rows["total"].cells == [2, 0, 1, 1] and rows["total"].total == 4
    assert list(rows)[-1] == "total"


def test_the_demo_baseline_flags_its_three_weak_programs(baseline):
    assert flagged_codes() == ["0306", "0610", "1408"]
