"""Catalogue endpoints: categories, programs of the current register, editions as they stood, edition diffs."""

import datetime
from typing import Literal

from django.db.models import Count, Q

from wagtail import hooks

from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from catalogue.diff import diff_editions
from catalogue.models import Category, Edition, Level, Program, Sector
from catalogue.versioning import programs_as_of
from cms.api.errors import Error, bad_parameter, not_found
from cms.api.params import SEGMENT, LimitOffset, Summaries, limit_param, offset_param

router = Router(tags=["专业目录"])

LevelValue = Literal[tuple(Level.values)]
SectorValue = Literal[tuple(Sector.values)]
StatusValue = Literal["in_force", "retired", "all"]
CATEGORY_CODE = r"^\d{2}$"
PROGRAM_CODE = r"^\d{4}$"
LIST_ERRORS = {422: Error}
DETAIL_ERRORS = {404: Error, 422: Error}
# Parameter declarations shared by several endpoints (module-level, as default values must not be calls).
LEVEL_QUERY = Query(None, description="培养层次")
SECTOR_QUERY = Query(None, description="产业类型")
STATUS_QUERY = Query("in_force", description="状态：现行 in_force（默认）、已撤销 retired、全部 all")


class CategoryOut(Schema):
    code: str
    name: str
    programs_in_force: int


class ProgramSummary(Schema):
    code: str
    name: str
    category: str
    levels: list[LevelValue]
    sector: SectorValue
    status: Literal["in_force", "retired"]
    url: str


class ProgramLink(Schema):
    code: str
    name: str
    status: Literal["in_force", "retired"]


class ProgramDetail(ProgramSummary):
    category_name: str
    since: int | None
    occupations: list[str]
    core_courses: list[str]
    description: str
    employment_rate: float | None
    employment_rate_year: int | None
    enrolment: int | None
    enrolment_year: int | None
    retired_on: datetime.date | None
    retirement_reason: str
    successors: list[ProgramLink]
    predecessors: list[ProgramLink]
    editions: list[str]
    schools_offering: int | None = Field(None, description="备案开设本专业（未停办）的技工院校数")


class EditionOut(Schema):
    name: str
    effective_date: datetime.date
    notes: str
    program_count: int


class EditionProgram(Schema):
    """A program as it stood when the edition was closed (its name then, not today's)."""

    code: str
    name: str
    category: str
    levels: list[LevelValue]
    sector: SectorValue


class EditionProgramPage(Schema):
    """Paged by hand with the same bounds as `LimitOffset`: the page also names the edition it comes from, and the
    rows are rebuilt from recorded versions (a list, not a queryset), so ninja's paginator would add nothing."""

    edition: str
    count: int
    limit: int
    offset: int
    items: list[EditionProgram]


class DiffRowOut(Schema):
    change: str
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    reference: str
    note: str


class EditionDiffOut(Schema):
    old: str
    new: str
    added: list[str]
    retired: list[str]
    renamed: list[str]
    rows: list[DiffRowOut]


def _summary(program):
    return {
        "code": program.code,
        "name": program.name,
        "category": program.category.code,
        "levels": [str(level) for level in program.levels],
        "sector": program.sector,
        "status": program.status,
        "url": program.get_absolute_url(),
    }


def _category_id(code):
    """The category's pk for a filter value; an unknown code is the caller's mistake, said in Chinese."""
    if code is None:
        return None
    category = Category.objects.filter(code=code).first()
    if category is None:
        raise bad_parameter("category", f"专业大类代码“{code}”不存在")
    return category.pk


@router.get("/categories", response=list[CategoryOut], summary="专业大类")
def categories(request):
    rows = Category.objects.annotate(
        programs_in_force=Count("programs", filter=Q(programs__status=Program.Status.IN_FORCE))
    )
    return [{"code": c.code, "name": c.name, "programs_in_force": c.programs_in_force} for c in rows]


@router.get("/programs", response={200: list[ProgramSummary], **LIST_ERRORS}, summary="专业（当前目录）")
@paginate(LimitOffset)
def programs(
    request,
    category: str | None = Query(None, pattern=CATEGORY_CODE, description="专业大类代码，如 04"),
    level: LevelValue | None = LEVEL_QUERY,
    sector: SectorValue | None = SECTOR_QUERY,
    status: StatusValue = STATUS_QUERY,
):
    rows = Program.objects.select_related("category").order_by("code")
    if status != "all":
        rows = rows.filter(status=status)
    if (category_id := _category_id(category)) is not None:
        rows = rows.filter(category_id=category_id)
    if level:
        rows = rows.offering(level)
    if sector:
        rows = rows.filter(sector=sector)
    return Summaries(rows, _summary)


def _links(programs):
    return [{"code": p.code, "name": p.name, "status": p.status} for p in programs]


@router.get("/programs/{code}", response={200: ProgramDetail, **DETAIL_ERRORS}, summary="专业详情")
def program_detail(request, code: str = Path(..., pattern=PROGRAM_CODE, description="4 位专业代码")):
    program = Program.objects.select_related("category").filter(code=code).first()
    if program is None:
        raise not_found(f"专业代码“{code}”不存在。")
    rate = program.employment_rate
    return {
        **_summary(program),
        "category_name": program.category.name,
        **{
            name: getattr(program, name)
            for name in (
                "since",
                "employment_rate_year",
                "enrolment",
                "enrolment_year",
                "retired_on",
                "retirement_reason",
                "description",
            )
        },
        "occupations": [str(o) for o in program.occupations or []],
        "core_courses": [str(c) for c in program.core_courses or []],
        "employment_rate": float(rate) if rate is not None else None,
        "successors": _links(program.successors()),
        "predecessors": _links(program.predecessors()),
        "editions": list(program.editions.order_by("effective_date", "name").values_list("name", flat=True)),
        "schools_offering": _schools_offering(program),
    }


def _schools_offering(program):
    """The number of schools offering the program, from the app that holds them (hook `program_schools_offering`,
    so the register imports no such app); None when no app answers."""
    for hook in hooks.get_hooks("program_schools_offering"):
        count = hook(program)
        if count is not None:
            return count
    return None


@router.get("/editions", response=list[EditionOut], summary="目录版本")
def editions(request):
    rows = (
        Edition.objects.published()
        .annotate(program_count=Count("programs"))
        .order_by("effective_date", "name")
    )
    return [
        {
            "name": e.name,
            "effective_date": e.effective_date,
            "notes": e.notes,
            "program_count": e.program_count,
        }
        for e in rows
    ]


def _edition(name):
    edition = Edition.objects.published().filter(name=name).first()
    if edition is None:
        known = "、".join(
            Edition.objects.published().order_by("effective_date", "name").values_list("name", flat=True)
        )
        raise not_found(f"目录版本“{name}”不存在。现有版本：{known or '暂无'}。")
    return edition


@router.get("/editions/diff", response={200: EditionDiffOut, **DETAIL_ERRORS}, summary="两个目录版本的差异")
def edition_diff(
    request,
    old: str = Query(..., max_length=50, pattern=SEGMENT, description="旧版本名称"),
    new: str = Query(..., max_length=50, pattern=SEGMENT, description="新版本名称"),
):
    """The same comparison as the `catalogue_diff` command and the public comparison page."""
    diff = diff_editions(_edition(old), _edition(new))
    return {
        "old": diff.old.name,
        "new": diff.new.name,
        "added": diff.added,
        "retired": diff.retired,
        "renamed": diff.renamed,
        "rows": [row.__dict__ for row in diff.rows],
    }


@router.get(
    "/editions/{name}/programs",
    response={200: EditionProgramPage, **DETAIL_ERRORS},
    summary="某一目录版本收录的专业（按当时名称）",
)
def edition_programs(
    request,
    name: str = Path(..., max_length=50, pattern=SEGMENT, description="版本名称，如 2025"),
    category: str | None = Query(None, pattern=CATEGORY_CODE, description="专业大类代码"),
    level: LevelValue | None = LEVEL_QUERY,
    limit: int = limit_param(),
    offset: int = offset_param(),
):
    edition = _edition(name)
    category_id = _category_id(category)
    codes = dict(Category.objects.values_list("pk", "code"))
    entries = sorted(programs_as_of(edition).values(), key=lambda e: e["code"])
    if category_id is not None:
        entries = [e for e in entries if e["category_id"] == category_id]
    if level:
        entries = [e for e in entries if Level(level) in e["levels"]]
    items = [
        {
            "code": e["code"],
            "name": e["name"],
            "category": codes.get(e["category_id"], ""),
            "levels": [str(level) for level in e["levels"]],
            "sector": e["sector"],
        }
        for e in entries[offset : offset + limit]
    ]
    return {"edition": edition.name, "count": len(entries), "limit": limit, "offset": offset, "items": items}
