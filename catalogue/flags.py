"""Decision aids for the committees: which programs in force look like retirement candidates, and why.

A program is flagged when its employment rate is under `settings.CATALOGUE_EMPLOYMENT_RATE_THRESHOLD` (the
program's own figure, or the newest yearly record's when the program has none), or when the newest two yearly
enrolment records show a drop. The sector table counts programs in force per category and sector.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch

from .models import Category, EnrolmentRecord, Program, Sector

DEFAULT_EMPLOYMENT_RATE_THRESHOLD = 85


@dataclass
class Flag:
    program: Program
    reasons: list[str]


@dataclass
class SectorRow:
    category: Category | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def cells(self):
        return [self.counts.get(sector, 0) for sector in Sector.values]

    @property
    def total(self):
        return sum(self.counts.values())


def employment_rate_threshold():
    value = getattr(settings, "CATALOGUE_EMPLOYMENT_RATE_THRESHOLD", DEFAULT_EMPLOYMENT_RATE_THRESHOLD)
    return Decimal(str(value))


def low_employment_reason(program, records, threshold):
    """Why the employment rate is a concern, or None. `records` are the program's yearly rows, oldest first."""
    rate, year = program.employment_rate, program.employment_rate_year
    if rate is None:
        rated = [r for r in records if r.employment_rate is not None]
        if not rated:
            return None
        rate, year = rated[-1].employment_rate, rated[-1].year
    if rate >= threshold:
        return None
    when = f"（{year} 年）" if year else ""
    return f"就业率 {format_rate(rate)}%{when}低于 {format_rate(threshold)}%"


def falling_enrolment_reason(records):
    """Why enrolment is a concern, or None: the newest two yearly records, oldest first, show a drop."""
    if len(records) < 2:
        return None
    previous, latest = records[-2], records[-1]
    if latest.enrolment >= previous.enrolment:
        return None
    drop = previous.enrolment - latest.enrolment
    share = f"，降幅 {drop * 100 / previous.enrolment:.1f}%" if previous.enrolment else ""
    return f"招生人数下降：{previous.year} 年 {previous.enrolment} 人 → {latest.year} 年 {latest.enrolment} 人{share}"


def reasons_for(program, threshold=None):
    threshold = employment_rate_threshold() if threshold is None else threshold
    records = sorted(program.enrolment_records.all(), key=lambda r: r.year)
    found = [low_employment_reason(program, records, threshold), falling_enrolment_reason(records)]
    return [reason for reason in found if reason]


def retirement_flags(programs=None):
    """Flagged programs in force, by code, each with its reasons."""
    programs = programs if programs is not None else Program.objects.in_force()
    programs = programs.select_related("category").prefetch_related(
        Prefetch("enrolment_records", queryset=EnrolmentRecord.objects.order_by("year"))
    )
    threshold = employment_rate_threshold()
    flags = [Flag(program, reasons_for(program, threshold)) for program in programs.order_by("code")]
    return [flag for flag in flags if flag.reasons]


def sector_counts():
    """One row per category (every category, even empty) and a final total row (category None)."""
    rows = {category.pk: SectorRow(category) for category in Category.objects.order_by("code")}
    counted = Program.objects.in_force().order_by().values("category_id", "sector").annotate(n=Count("pk"))
    total = SectorRow(None)
    for entry in counted:
        rows[entry["category_id"]].counts[entry["sector"]] = entry["n"]
        total.counts[entry["sector"]] = total.counts.get(entry["sector"], 0) + entry["n"]
    return [*rows.values(), total]


def format_rate(value):
    """92.0 → 92, 71.4 → 71.4: rates and thresholds read as people write them."""
    return f"{Decimal(str(value)).normalize():f}"
