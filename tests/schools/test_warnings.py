"""退出预警 from the schools' approved reports and offerings, through the `retirement_evidence` hook."""

from decimal import Decimal
from xml.etree import ElementTree

from django.urls import reverse
from django.utils import timezone

import pytest

from catalogue.factories import ProgramFactory
from catalogue.flags import retirement_flags
from catalogue.models import EnrolmentRecord
from catalogue.schools.factories import OfferingFactory, SchoolFactory
from catalogue.wagtail_hooks import flags_viewset

from .national_data import build, report

pytestmark = pytest.mark.django_db

FALLING = "全国招生人数连续 2 年下降：2023 年 500 人 → 2024 年 450 人 → 2025 年 400 人，降幅 20.0%"


def flags_by_code():
    return {flag.program.code: flag for flag in retirement_flags()}


def healthy_program(code, schools=3):
    program = ProgramFactory(code=code, employment_rate=Decimal("50.0"))
    for n in range(schools):
        school = SchoolFactory(name=f"健康学校{code}-{n}")
        OfferingFactory(school=school, program=program)
        report(school, 2024, program, 100, 50, "95")
        report(school, 2025, program, 110, 50, "96")
    return program


def test_the_warning_gives_the_national_figures_and_their_years():
    data = build()
    flag = flags_by_code()[data.program.code]
    assert flag.from_schools
    assert flag.reasons == [
        "全国就业率 82%（2025 年，2 所学校年报）低于 85%",
        FALLING,
        "开设学校 2 所，少于 3 所",
    ]
    assert [(p.year, p.enrolment, p.employment_rate) for p in flag.years] == [
        (2023, 500, Decimal("85.0")),
        (2024, 450, Decimal("76.7")),
        (2025, 400, Decimal("82.0")),
    ]


def test_the_settings_decide(settings):
    data = build()
    settings.CATALOGUE_EMPLOYMENT_RATE_THRESHOLD = 80
    settings.CATALOGUE_FALLING_ENROLMENT_YEARS = 3
    settings.CATALOGUE_MIN_OFFERING_SCHOOLS = 2
    assert data.program.code not in flags_by_code()
    settings.CATALOGUE_FALLING_ENROLMENT_YEARS = 1
    assert flags_by_code()[data.program.code].reasons == [
        "全国招生人数连续 1 年下降：2024 年 450 人 → 2025 年 400 人，降幅 11.1%"
    ]


def test_a_program_offered_by_enough_schools_with_good_figures_is_not_flagged():
    build()
    program = healthy_program("0299")
    assert program.code not in flags_by_code()


def test_once_schools_report_the_static_figures_no_longer_count():
    build()
    program = healthy_program("0298")  # its own static rate is 50%
    EnrolmentRecord.objects.create(program=program, year=2023, enrolment=900)
    EnrolmentRecord.objects.create(program=program, year=2024, enrolment=100)
    assert program.code not in flags_by_code()


def test_a_program_in_force_that_no_school_offers_is_flagged():
    build()
    nobody = ProgramFactory(code="0297")
    assert flags_by_code()[nobody.code].reasons == ["开设学校 0 所，少于 3 所"]


def test_a_program_set_up_recently_is_not_flagged_for_having_few_schools_yet(settings):
    build()
    this_year = timezone.localdate().year
    new = ProgramFactory(code="0294", since=this_year - 1)
    older = ProgramFactory(code="0293", since=this_year - 3)
    flags = flags_by_code()
    assert new.code not in flags and flags[older.code].reasons == ["开设学校 0 所，少于 3 所"]
    settings.CATALOGUE_NEW_PROGRAM_YEARS = 0
    assert flags_by_code()[new.code].reasons == ["开设学校 0 所，少于 3 所"]


def test_a_gap_in_the_years_breaks_the_falling_run(settings):
    settings.CATALOGUE_MIN_OFFERING_SCHOOLS = 1
    program = ProgramFactory(code="0296")
    school = SchoolFactory()
    OfferingFactory(school=school, program=program)
    for year, enrolment in ((2021, 500), (2022, 450), (2024, 400)):
        report(school, year, program, enrolment, 10, "95")
    assert program.code not in flags_by_code()


def test_without_any_school_data_the_static_figures_still_decide():
    program = ProgramFactory(code="0295", employment_rate=Decimal("71.4"), employment_rate_year=2024)
    [flag] = retirement_flags()
    assert flag.program == program and not flag.from_schools
    assert flag.reasons == ["就业率 71.4%（2024 年）低于 85%"]


def svg_elements(html, marker):
    start = html.index(f'data-chart="{marker}"')
    svg = html[html.index("<svg", start) : html.index("</svg>", start) + 6]
    return ElementTree.fromstring(svg)


def test_the_admin_report_shows_the_figures_and_their_trend(admin_client):
    data = build()
    response = admin_client.get(reverse(flags_viewset.get_url_name("index")))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2023 年 500 人 → 2024 年 450 人 → 2025 年 400 人" in html
    assert "全国就业率 82%（2025 年，2 所学校年报）低于 85%" in html
    assert "开设学校少于 3 所" in html and "连续 2 年下降" in html
    row = html[html.index(f'data-flag="{data.program.code}"') :]
    assert "400（2025 年）" in row and "82.0%（2025 年）" in row and "2 所" in row
    enrolment = svg_elements(row, "enrolment")
    ns = "{http://www.w3.org/2000/svg}"
    assert len(enrolment.findall(f"{ns}circle")) == 3
    assert "style" not in html[html.index("<svg") : html.rindex("</svg>")]
    rate = svg_elements(row, "rate")
    assert rate.find(f"{ns}line").get("stroke-dasharray")  # the threshold
    assert "预警线 85%" in rate.get("aria-label")
