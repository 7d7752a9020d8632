"""The numbers behind every statistics panel, as plain data: one `Figure` per panel, built from the database.

A figure is a table (a label column and one or more number columns) plus how to draw it; the public page, the
admin view, the admin home panels and the CSV downloads all read the same figure, so a chart, its table and its
CSV can never disagree. Public figures count only what the public site shows (live, listed titles; live
standards; approved adjustments); the review pipeline figures are for administrators only.
"""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from catalogue.models import Adjustment, Category, Edition, Program, Sector
from catalogue.textbooks.models import (
    PLAN_TARGET,
    ReviewAssignment,
    ReviewEvent,
    ReviewStage,
    Textbook,
    TextbookBatch,
    TextbookType,
)
from standards.models import ProgramCourse, TrainingStandardPage

from .figure import Figure
from .schools import SCHOOL_FIGURES

PUBLIC_COURSE_LABEL = "公共课"


# --- planned textbooks -----------------------------------------------------------------------------------


def textbooks_target():
    listed = Textbook.objects.listed().count()
    share = round(listed * 100 / PLAN_TARGET, 1)
    return Figure(
        "textbooks-target",
        "规划教材建设进度",
        ["项目", "种数"],
        [("规划目标", PLAN_TARGET), ("已列入目录", listed), ("尚需", max(0, PLAN_TARGET - listed))],
        summary=f"已列入目录 {listed} 种，完成“十四五”规划目标 {PLAN_TARGET} 种的 {share}%。",
    )


def textbooks_by_batch():
    counts = dict(
        Textbook.objects.listed().values_list("batch_id").annotate(n=Count("pk")).values_list("batch_id", "n")
    )
    rows = [(batch.name, counts.get(batch.pk, 0)) for batch in TextbookBatch.objects.order_by("sort_order")]
    if counts.get(None):
        rows.append(("未分批", counts[None]))
    return Figure("textbooks-by-batch", "已列入目录教材：按批次", ["批次", "种数"], rows)


def textbooks_by_type():
    counts = dict(Textbook.objects.listed().values_list("kind").annotate(n=Count("pk")))
    rows = [(kind.label, counts.get(kind.value, 0)) for kind in TextbookType]
    return Figure("textbooks-by-type", "已列入目录教材：按类型", ["教材类型", "种数"], rows)


def textbooks_by_category():
    listed = Textbook.objects.listed()
    counts = dict(
        listed.filter(programs__isnull=False)
        .values_list("programs__category_id")
        .annotate(n=Count("pk", distinct=True))
    )
    rows = [(str(category), counts.get(category.pk, 0)) for category in Category.objects.order_by("code")]
    rows.append((PUBLIC_COURSE_LABEL, listed.filter(programs__isnull=True).count()))
    return Figure(
        "textbooks-by-category",
        "已列入目录教材：按专业大类",
        ["专业大类", "种数"],
        rows,
        note="一种教材适用于多个大类的专业时，各大类分别计数；不对应专业的教材计入“公共课”。",
    )


def textbooks_over_time():
    listed = Textbook.objects.listed()
    per_year = dict(
        listed.filter(listed_on__isnull=False)
        .values_list("listed_on__year")
        .annotate(n=Count("pk"))
        .values_list("listed_on__year", "n")
    )
    rows, running = [], 0
    for year in sorted(per_year):
        running += per_year[year]
        rows.append((f"{year}年", per_year[year], running))
    undated = listed.filter(listed_on__isnull=True).count()
    note = "按列入目录日期的年份统计。"
    if undated:
        note += f"另有 {undated} 种未记录列入日期（批量导入的名单），未计入本图。"
    return Figure(
        "textbooks-over-time",
        "已列入目录教材：逐年累计",
        ["年份", "当年列入", "累计"],
        rows,
        chart="line",
        series=[2],
        note=note,
    )


def textbooks_cumulative_by_batch():
    """The list's growth in the order its batches were announced: what every title has, dated or not."""
    rows, running = [], 0
    for name, n in textbooks_by_batch().rows:
        if name == "未分批":
            continue
        running += n
        rows.append((name, n, running))
    return Figure(
        "textbooks-cumulative-by-batch",
        "已列入目录教材：按批次累计",
        ["批次", "本批列入", "累计"],
        rows,
        chart="line",
        series=[2],
        note="批次按公布顺序排列；未分批的教材不计入。",
    )


# --- the catalogue ---------------------------------------------------------------------------------------


def _editions():
    return list(Edition.objects.published().order_by("effective_date", "name"))


def catalogue_by_category():
    editions = _editions()
    counts = defaultdict(int)
    for edition_id, category_id in Edition.programs.through.objects.values_list(
        "edition_id", "program__category_id"
    ):
        counts[edition_id, category_id] += 1
    rows = [
        (str(category), *(counts[edition.pk, category.pk] for edition in editions))
        for category in Category.objects.order_by("code")
    ]
    return Figure(
        "catalogue-by-category",
        "专业目录：各版本按专业大类的专业数",
        ["专业大类", *(f"{edition.name}版" for edition in editions)],
        rows,
        series=list(range(1, len(editions) + 1)),
    )


def catalogue_by_sector():
    counts = defaultdict(int)
    for edition_id, sector in Edition.programs.through.objects.values_list("edition_id", "program__sector"):
        counts[edition_id, sector] += 1
    rows = [
        (f"{edition.name}版", *(counts[edition.pk, sector.value] for sector in Sector))
        for edition in _editions()
    ]
    return Figure(
        "catalogue-by-sector",
        "专业目录：各版本按产业类型的专业数",
        ["目录版本", *(sector.label for sector in Sector)],
        rows,
        chart="stacked",
        series=list(range(1, len(Sector) + 1)),
        note="产业类型按专业当前登记的类型统计。",
    )


def adjustments_by_year():
    counts = defaultdict(int)
    approved = Adjustment.objects.in_effect()
    for year, kind in approved.values_list("effective_date__year", "kind"):
        counts[year, kind] += 1
    years = sorted({year for year, _ in counts})
    rows = [(f"{year}年", *(counts[year, kind.value] for kind in Adjustment.Kind)) for year in years]
    return Figure(
        "adjustments-by-year",
        "动态调整：每年按类型（已批准）",
        ["生效年份", *(kind.label for kind in Adjustment.Kind)],
        rows,
        chart="stacked",
        series=list(range(1, len(Adjustment.Kind) + 1)),
    )


# --- standards coverage ----------------------------------------------------------------------------------


def _yes_no_by_category(pairs):
    """(category, how many yes, how many no) for each category with any, from (category id, bool) pairs."""
    counts = defaultdict(int)
    for category_id, yes in pairs:
        counts[category_id, yes] += 1
    return [
        (str(c), counts[c.pk, True], counts[c.pk, False])
        for c in Category.objects.order_by("code")
        if counts[c.pk, True] or counts[c.pk, False]
    ]


def standards_coverage():
    live = TrainingStandardPage.objects.filter(program=OuterRef("pk"), live=True)
    programs = Program.objects.in_force().annotate(covered=Exists(live))
    rows = _yes_no_by_category(programs.values_list("category_id", "covered"))
    with_standard = sum(row[1] for row in rows)
    total = with_standard + sum(row[2] for row in rows)
    return Figure(
        "standards-coverage",
        "培养标准覆盖：现行专业",
        ["专业大类", "有现行培养标准", "尚无培养标准"],
        rows,
        chart="stacked",
        series=[1, 2],
        summary=f"现行专业 {total} 个，其中 {with_standard} 个已发布现行培养标准。",
    )


def course_coverage():
    """Integrated courses of the current (live) standards, with and without a listed textbook serving them."""
    served = Textbook.objects.listed().filter(courses=OuterRef("pk"))
    live = TrainingStandardPage.objects.filter(program=OuterRef("program"), live=True)
    courses = ProgramCourse.objects.filter(Exists(live), in_current_standard=True).annotate(
        served=Exists(served)
    )
    rows = _yes_no_by_category(courses.values_list("program__category_id", "served"))
    served_total = sum(row[1] for row in rows)
    total = served_total + sum(row[2] for row in rows)
    return Figure(
        "course-coverage",
        "一体化课程的教材覆盖",
        ["专业大类", "有规划教材", "尚无规划教材"],
        rows,
        chart="stacked",
        series=[1, 2],
        summary=f"现行培养标准共有一体化课程 {total} 门，其中 {served_total} 门已有列入目录的规划教材。",
    )


# --- the review pipeline (administrators only) -----------------------------------------------------------


def review_stages():
    counts = dict(Textbook.objects.values_list("review_stage").annotate(n=Count("pk")))
    rows = [(stage.label, counts.get(stage.value, 0)) for stage in ReviewStage]
    return Figure("review-stages", "申报与评审：各阶段的申报数", ["评审阶段", "申报数"], rows)


def overdue_assignments(today=None):
    today = today or timezone.localdate()
    return ReviewAssignment.objects.filter(
        status__in=ReviewAssignment.PENDING, due_date__lt=today
    ).select_related("textbook", "reviewer")


def review_overdue(today=None):
    today = today or timezone.localdate()
    rows = [
        (
            a.textbook.title,
            a.reviewer.get_full_name() or a.reviewer.get_username(),
            a.due_date.isoformat(),
            (today - a.due_date).days,
        )
        for a in overdue_assignments(today).order_by("due_date", "pk")
    ]
    return Figure(
        "review-overdue",
        "逾期未完成的专家评审",
        ["教材", "评审专家", "截止日期", "逾期天数"],
        rows,
        chart="none",
        summary=f"逾期未完成的评审任务 {len(rows)} 项。",
    )


def stage_durations():
    """Days each application spent in each stage it left, from the review events (entry → next exit)."""
    durations = defaultdict(list)
    entered = {}
    events = ReviewEvent.objects.exclude(from_stage="").exclude(to_stage="")
    for textbook_id, from_stage, to_stage, at in events.order_by(
        "textbook_id", "created_at", "pk"
    ).values_list("textbook_id", "from_stage", "to_stage", "created_at"):
        if from_stage == to_stage:
            continue
        start = entered.pop((textbook_id, from_stage), None)
        if start is not None:
            durations[from_stage].append((at - start).total_seconds() / 86400)
        entered[textbook_id, to_stage] = at
    return durations


def review_days():
    durations = stage_durations()
    rows = [
        (
            stage.label,
            len(durations[stage.value]),
            round(sum(durations[stage.value]) / len(durations[stage.value]), 1),
        )
        for stage in ReviewStage
        if durations.get(stage.value)
    ]
    return Figure(
        "review-days",
        "申报与评审：各阶段平均停留天数",
        ["评审阶段", "已完成次数", "平均天数"],
        rows,
        series=[2],
        note="从进入该阶段到离开该阶段的天数，只计已离开的；根据评审记录计算。",
    )


PUBLIC_FIGURES = {
    builder.__name__.replace("_", "-"): builder
    for builder in (
        textbooks_target,
        textbooks_by_batch,
        textbooks_by_type,
        textbooks_by_category,
        textbooks_over_time,
        textbooks_cumulative_by_batch,
        catalogue_by_category,
        catalogue_by_sector,
        adjustments_by_year,
        standards_coverage,
        course_coverage,
    )
} | SCHOOL_FIGURES
ADMIN_FIGURES = {
    **PUBLIC_FIGURES,
    **{
        builder.__name__.replace("_", "-"): builder
        for builder in (review_stages, review_overdue, review_days)
    },
}
