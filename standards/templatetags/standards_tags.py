"""Template helpers of the standards pages."""

from django import template
from django.db.models import Prefetch
from django.utils import timezone

from .. import compare
from ..models import ProgramCourse
from ..sections import schooling
from ..versions import release_note

register = template.Library()


@register.filter
def courses_with_textbooks(standard):
    """[(course, listed textbooks)] for a standard's course table, the live page or an old version's snapshot.

    A course's textbooks are those of its identity in the program (ProgramCourse, by code), read through the
    reverse relation with field lookups: the standards app never imports the textbooks app, which builds on it.
    """
    courses = list(standard.courses.all())
    if not standard.program_id or not courses:
        return [(course, []) for course in courses]
    textbook_model = ProgramCourse._meta.get_field("textbooks").related_model
    listed = (
        textbook_model.objects.filter(live=True, review_stage="listed")
        .select_related("publisher")
        .order_by("isbn")
    )
    identities = ProgramCourse.objects.filter(
        program_id=standard.program_id, code__in=[course.code for course in courses]
    ).prefetch_related(Prefetch("textbooks", queryset=listed, to_attr="listed_textbooks"))
    by_code = {identity.code: identity.listed_textbooks for identity in identities}
    return [(course, by_code.get(course.code, [])) for course in courses]


@register.simple_tag(takes_context=True)
def standard_summary(context):
    """(label, value) lines of the summary box at the top of a standard, for the version shown."""
    standard = context["standard"]
    version = context.get("shown_version") or context.get("current_version")
    facts = _training_facts(standard) if hasattr(standard, "level_rows") else _course_facts(standard)
    facts.append(("状态", _status(standard, version, context.get("is_old"))))
    if version:
        facts.append(("版本", f"{version.number}（{version.kind_label}）"))
        facts.append(("施行日期", version.effective_date.strftime("%Y-%m-%d")))
    return facts


def _training_facts(standard):
    levels = [label for label, _, _ in standard.level_rows()]
    years = "；".join(f"{level} {length}" for level, length in schooling(standard.info))
    hours = "；".join(f"{label} {declared} 学时" for label, declared, _ in standard.level_rows())
    facts = [("培养层次", "、".join(levels) or "待定")]
    if years:
        facts.append(("基本学制", years))
    facts.append(("一体化课程总学时", hours or "—"))
    return facts


def _course_facts(standard):
    return [
        ("课程类型", standard.get_kind_display()),
        ("课程代码", standard.course_code),
        ("学时", f"{standard.hours} 学时"),
    ]


def _status(standard, version, is_old):
    if is_old:
        return "旧版本，已被新版本取代"
    program = getattr(standard, "program", None)
    if program and program.is_retired:
        return "专业已撤销，不再用于新招生"
    if version and version.effective_date > timezone.localdate():
        return f"已发布，{version.effective_date:%Y-%m-%d} 起施行"
    return "现行"


@register.simple_tag(takes_context=True)
def release_history(context):
    """(version, previous, 性质, 本版主要变化) for the version history, newest first."""
    page = context["page"]
    return [
        (version, previous, version.kind_label, release_note(page, version, previous))
        for version, previous in context["version_rows"]
    ]


@register.filter
def side_by_side(lines, view=""):
    """A diff's lines as two-column rows; `view` "changes" leaves the unchanged lines out."""
    return compare.side_by_side(lines, changes_only=view == "changes")
