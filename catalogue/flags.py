"""Decision aids for the committees: which programs in force look like retirement candidates, and why.

The evidence comes from the schools' approved annual reports and offerings when the site has any: an app that
holds them answers the `retirement_evidence` hook (this module imports no such app) with per-program yearly
national series and the number of schools offering each program. A program is then flagged when

- the national employment rate of its latest reported year is under `settings.CATALOGUE_EMPLOYMENT_RATE_THRESHOLD`;
- national enrolment fell `settings.CATALOGUE_FALLING_ENROLMENT_YEARS` years running (that many year-over-year
  drops over consecutive report years);
- fewer than `settings.CATALOGUE_MIN_OFFERING_SCHOOLS` schools offer it, unless it was set up within the last
  `settings.CATALOGUE_NEW_PROGRAM_YEARS` years (a new program has not had time to be taken up).

On a site with no school data at all (no hook, or the hook answers None) the static figures decide, as before the
schools existed: the program's own employment rate (or the newest yearly record's) and a drop between the newest
two `EnrolmentRecord` rows. The sector table counts programs in force per category and sector.
"""

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.safestring import mark_safe

from wagtail import hooks

from cms.statistics.charts import sparkline

from .models import Category, EnrolmentRecord, Program, Sector

DEFAULT_EMPLOYMENT_RATE_THRESHOLD = 85
RETIREMENT_EVIDENCE_HOOK = "retirement_evidence"


@dataclass
class YearPoint:
    """One year of a program's national figures: enrolment and the employment rate (None without graduates)."""

    year: int
    enrolment: int | None
    employment_rate: Decimal | None = None
    schools: int | None = None


@dataclass
class Evidence:
    """What a `retirement_evidence` hook answers per program: yearly points, oldest first, and how many schools
    offer it."""

    years: list[YearPoint] = field(default_factory=list)
    offering_schools: int = 0


@dataclass
class Flag:
    program: Program
    reasons: list[str]
    years: list = field(default_factory=list)
    offering_schools: int | None = None
    threshold: Decimal | None = None
    from_schools: bool = False

    @property
    def latest_enrolment(self):
        known = [point for point in self.years if point.enrolment is not None]
        return known[-1] if known else None

    @property
    def latest_rate(self):
        rated = [point for point in self.years if point.employment_rate is not None]
        return rated[-1] if rated else None

    @property
    def enrolment_chart(self):
        points = [(point.year, point.enrolment) for point in self.years]
        title = f"{self.program.name}：招生人数逐年变化"
        return mark_safe(sparkline(title, points) if len(self.years) > 1 else "")  # noqa: S308 - escaped

    @property
    def rate_chart(self):
        points = [(point.year, point.employment_rate) for point in self.years]
        title = f"{self.program.name}：就业率逐年变化（虚线为预警线 {format_rate(self.threshold)}%）"
        if not any(value is not None for _, value in points):
            return ""
        return mark_safe(sparkline(title, points, reference=self.threshold))  # noqa: S308 - escaped


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


def falling_years():
    return max(1, int(getattr(settings, "CATALOGUE_FALLING_ENROLMENT_YEARS", 2)))


def min_offering_schools():
    return int(getattr(settings, "CATALOGUE_MIN_OFFERING_SCHOOLS", 3))


def school_evidence(programs):
    """{program id: Evidence} from the first hook that has school data, or None (then the static figures count)."""
    ids = [program.pk for program in programs]
    for hook in hooks.get_hooks(RETIREMENT_EVIDENCE_HOOK):
        answer = hook(ids)
        if answer is not None:
            return answer
    return None


def national_rate_reason(years, threshold):
    rated = [point for point in years if point.employment_rate is not None]
    if not rated or rated[-1].employment_rate >= threshold:
        return None
    latest = rated[-1]
    schools = f"，{latest.schools} 所学校年报" if latest.schools else ""
    return f"全国就业率 {format_rate(latest.employment_rate)}%（{latest.year} 年{schools}）低于 {format_rate(threshold)}%"


def national_enrolment_reason(years, drops):
    """`drops` year-over-year falls in a row over consecutive report years, ending with the latest year."""
    tail = years[-(drops + 1) :]
    if len(tail) < drops + 1:
        return None
    for earlier, later in itertools.pairwise(tail):
        if later.year != earlier.year + 1 or later.enrolment >= earlier.enrolment:
            return None
    path = " → ".join(f"{point.year} 年 {point.enrolment} 人" for point in tail)
    first, last = tail[0].enrolment, tail[-1].enrolment
    share = f"，降幅 {(first - last) * 100 / first:.1f}%" if first else ""
    return f"全国招生人数连续 {drops} 年下降：{path}{share}"


def is_new_program(program, today=None):
    """Set up within the last `CATALOGUE_NEW_PROGRAM_YEARS` years: schools have not had time to take it up."""
    year = (today or timezone.localdate()).year
    return bool(program.since) and program.since > year - new_program_years()


def new_program_years():
    return int(getattr(settings, "CATALOGUE_NEW_PROGRAM_YEARS", 3))


def few_schools_reason(count, minimum, program=None):
    if count >= minimum or (program is not None and is_new_program(program)):
        return None
    return f"开设学校 {count} 所，少于 {minimum} 所"


def school_flag(program, evidence, threshold):
    evidence = evidence or Evidence()
    found = [
        national_rate_reason(evidence.years, threshold),
        national_enrolment_reason(evidence.years, falling_years()),
        few_schools_reason(evidence.offering_schools, min_offering_schools(), program),
    ]
    reasons = [reason for reason in found if reason]
    return Flag(program, reasons, evidence.years, evidence.offering_schools, threshold, from_schools=True)


def static_flag(program, threshold):
    records = sorted(program.enrolment_records.all(), key=lambda r: r.year)
    years = [YearPoint(r.year, r.enrolment, r.employment_rate) for r in records]
    return Flag(program, reasons_for(program, threshold), years, None, threshold)


def reasons_for(program, threshold=None):
    threshold = employment_rate_threshold() if threshold is None else threshold
    records = sorted(program.enrolment_records.all(), key=lambda r: r.year)
    found = [low_employment_reason(program, records, threshold), falling_enrolment_reason(records)]
    return [reason for reason in found if reason]


def retirement_flags(programs=None):
    """Flagged programs in force, by code, each with its reasons and the figures behind them."""
    programs = programs if programs is not None else Program.objects.in_force()
    programs = programs.select_related("category").prefetch_related(
        Prefetch("enrolment_records", queryset=EnrolmentRecord.objects.order_by("year"))
    )
    programs = list(programs.order_by("code"))
    threshold = employment_rate_threshold()
    evidence = school_evidence(programs)
    if evidence is None:
        flags = [static_flag(program, threshold) for program in programs]
    else:
        flags = [school_flag(program, evidence.get(program.pk), threshold) for program in programs]
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
