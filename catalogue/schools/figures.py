"""National figures from the schools' records, as plain data: what the retirement warnings, the public program
and textbook pages and the statistics read.

Only APPROVED annual reports count: a draft, a submitted or a returned report's numbers never reach a national
total. Offerings count while active (no withdrawn year). Every function answers for the whole catalogue with a
fixed number of aggregate queries, never one query per program.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum

from catalogue.models import Category
from catalogue.textbooks.models import Textbook

from .models import Adoption, AnnualReport, Offering, ReportLine, School, term_label
from .provinces import Province

APPROVED = AnnualReport.Status.APPROVED
ONE_DECIMAL = Decimal("0.1")


@dataclass
class YearFigures:
    """One program's (or the nation's) totals for one report year."""

    year: int
    enrolment: int
    students: int
    graduates: int
    employment_rate: Decimal | None
    schools: int


@dataclass
class ProvinceSchools:
    province: str
    label: str
    schools: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.schools)


@dataclass
class TextbookAdoption:
    latest_term: str | None = None
    latest_schools: int = 0
    latest_students: int = 0
    all_schools: int = 0
    all_students: int = 0
    terms: int = 0

    @property
    def latest_term_label(self):
        return term_label(self.latest_term) if self.latest_term else ""


def approved_lines():
    return ReportLine.objects.filter(report__status=APPROVED)


def weighted_rate(rated_sum, rated_graduates):
    """sum(rate × graduates) / sum(graduates) to one decimal, or None when no graduate was rated."""
    if not rated_graduates:
        return None
    return (Decimal(str(rated_sum)) / rated_graduates).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def _yearly_totals(lines, *group):
    rated = Q(employment_rate__isnull=False)
    weighted = ExpressionWrapper(
        F("employment_rate") * F("graduates"), output_field=DecimalField(max_digits=16, decimal_places=1)
    )
    return (
        lines.order_by()
        .values(*group, "report__year")
        .annotate(
            enrolment_sum=Sum("enrolment"),
            students_sum=Sum("students"),
            graduates_sum=Sum("graduates"),
            rated_sum=Sum(weighted, filter=rated),
            rated_graduates=Sum("graduates", filter=rated),
            school_count=Count("report__school", distinct=True),
        )
    )


def _year(row):
    return YearFigures(
        year=row["report__year"],
        enrolment=row["enrolment_sum"] or 0,
        students=row["students_sum"] or 0,
        graduates=row["graduates_sum"] or 0,
        employment_rate=weighted_rate(row["rated_sum"], row["rated_graduates"]),
        schools=row["school_count"],
    )


def program_series(program_ids=None):
    """{program id: [YearFigures, oldest first]} from approved reports; one query for any number of programs."""
    lines = approved_lines()
    if program_ids is not None:
        lines = lines.filter(program_id__in=program_ids)
    series = defaultdict(list)
    for row in _yearly_totals(lines, "program_id").order_by("program_id", "report__year"):
        series[row["program_id"]].append(_year(row))
    return dict(series)


def national_series():
    """The nation's totals per year over every program, oldest first."""
    return [_year(row) for row in _yearly_totals(approved_lines()).order_by("report__year")]


def active_offerings():
    return Offering.objects.filter(withdrawn_year__isnull=True)


def offering_counts(program_ids=None):
    """{program id: number of schools with an active offering}; programs without one are absent."""
    offerings = active_offerings()
    if program_ids is not None:
        offerings = offerings.filter(program_id__in=program_ids)
    counted = offerings.order_by().values("program_id").annotate(n=Count("school_id", distinct=True))
    return {row["program_id"]: row["n"] for row in counted}


def schools_by_province(program):
    """The schools offering a program, grouped by province (provinces in code order, schools by name).

    Each school comes with its kind and the levels it runs: public facts of the register, no figures."""
    offerings = active_offerings().filter(program=program).select_related("school")
    groups = {}
    for offering in sorted(offerings, key=lambda o: (o.school.province, o.school.name)):
        school = offering.school
        group = groups.setdefault(
            school.province, ProvinceSchools(school.province, Province(school.province).label)
        )
        group.schools.append(
            {
                "name": school.name,
                "kind": school.get_kind_display(),
                "levels": [level.label for level in offering.levels()],
            }
        )
    return list(groups.values())


def has_school_data():
    """Whether the schools' side holds anything to judge programs by (offerings or an approved report)."""
    return Offering.objects.exists() or AnnualReport.objects.filter(status=APPROVED).exists()


# --- textbook adoption -------------------------------------------------------------------------------------------


def latest_term(adoptions=None):
    adoptions = Adoption.objects.all() if adoptions is None else adoptions
    return adoptions.order_by("-term").values_list("term", flat=True).first()


def textbook_adoption(textbook):
    """Schools and students using a title: in the latest term it was adopted, and over all terms."""
    adoptions = Adoption.objects.filter(textbook=textbook)
    term = latest_term(adoptions)
    if term is None:
        return TextbookAdoption()
    totals = adoptions.aggregate(
        all_schools=Count("school", distinct=True),
        all_students=Sum("students"),
        terms=Count("term", distinct=True),
        latest_schools=Count("school", distinct=True, filter=Q(term=term)),
        latest_students=Sum("students", filter=Q(term=term)),
    )
    return TextbookAdoption(latest_term=term, **totals)


def most_adopted_titles(limit=10):
    """(title, ISBN, schools, students) of listed titles in the latest term, most schools first."""
    term = latest_term()
    if term is None:
        return term, []
    counted = (
        Adoption.objects.filter(term=term, textbook__in=Textbook.objects.listed())
        .order_by()
        .values("textbook__title", "textbook__isbn")
        .annotate(schools=Count("school", distinct=True), students=Sum("students"))
        .order_by("-schools", "-students", "textbook__title")
    )
    rows = [(r["textbook__title"], r["textbook__isbn"], r["schools"], r["students"]) for r in counted[:limit]]
    return term, rows


def planned_q():
    """An adoption's book is on the planned list for its course (a listed title linked to that course)."""
    listed = Textbook.objects.listed().filter(pk=OuterRef("textbook_id"), courses=OuterRef("course_id"))
    return Exists(listed)


def courses_on_unlisted_books(share=50):
    """Courses where more than `share` % of the students (latest term) use a book not planned for the course.

    Rows (program code, program name, course code, course name, students, on unplanned books, share %, listed
    titles of the course): a course without listed titles is a gap in the plan, one with them a choice schools made."""
    term = latest_term()
    if term is None:
        return term, []
    counted = (
        Adoption.objects.filter(term=term)
        .order_by()
        .values("course_id", "course__code", "course__name", "course__program__code", "course__program__name")
        .annotate(total=Sum("students"), planned=Sum("students", filter=Q(planned_q())))
        .order_by("course__program__code", "course__code")
    )
    course_ids = [row["course_id"] for row in counted]
    listed = dict(
        Textbook.objects.listed()
        .filter(courses__in=course_ids)
        .order_by()
        .values_list("courses")
        .annotate(n=Count("pk", distinct=True))
    )
    rows = []
    for row in counted:
        unplanned = row["total"] - (row["planned"] or 0)
        percent = round(unplanned * 100 / row["total"], 1)
        if percent > share:
            rows.append(
                (
                    row["course__program__code"],
                    row["course__program__name"],
                    row["course__code"],
                    row["course__name"],
                    row["total"],
                    unplanned,
                    percent,
                    listed.get(row["course_id"], 0),
                )
            )
    return term, rows


def unused_listed_titles():
    """Listed titles no school has adopted in any term, by title."""
    return Textbook.objects.listed().exclude(adoptions__isnull=False).order_by("title", "isbn")


def unused_listed_titles_by_category():
    """(category, listed titles, of which no school has adopted any) per category in code order, then the titles
    without a program (公共课). A title for programs of several categories counts in each."""
    listed = Textbook.objects.listed()
    unused_ids = unused_listed_titles().values("pk")

    def per_category(titles):
        counted = titles.filter(programs__isnull=False).values_list("programs__category_id")
        return dict(counted.annotate(n=Count("pk", distinct=True)).order_by())

    all_counts, unused_counts = per_category(listed), per_category(listed.filter(pk__in=unused_ids))
    rows = [
        (str(category), all_counts.get(category.pk, 0), unused_counts.get(category.pk, 0))
        for category in Category.objects.order_by("code")
    ]
    general = listed.filter(programs__isnull=True)
    rows.append(("公共课", general.count(), general.filter(pk__in=unused_ids).count()))
    return rows


def schools_per_province():
    """(province label, schools) for every province with a school, in code order."""
    counted = dict(School.objects.order_by().values_list("province").annotate(n=Count("pk")))
    return [(province.label, counted[province.value]) for province in Province if counted.get(province.value)]
