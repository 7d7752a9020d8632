"""Standards endpoints: published training and course standards, their numbered versions and each version's text.

Only live pages without view restrictions are public; a draft revision waiting in the workflow never shows, because
the current content is read from the live page and an old version from the revision its StandardVersion pins.
Who approved a version is not published here.
"""

import datetime
import re
from typing import Literal

from ninja import Path, Query, Router, Schema
from ninja.pagination import paginate

from catalogue.api import CATEGORY_CODE, PROGRAM_CODE
from cms.api.errors import Error, not_found
from cms.api.params import MAX_ID, LimitOffset, Summaries
from standards.models import CourseStandardPage, TrainingStandardPage

router = Router(tags=["培养标准"])

KindValue = Literal["training", "course"]
VERSION = r"^\d{1,3}[.-]\d{1,3}$"
ERRORS = {404: Error, 422: Error}
TYPE_QUERY = Query(None, description="training 培养标准；course 课程标准；不填为全部")


class StandardSummary(Schema):
    id: int
    type: KindValue
    title: str
    program: str | None
    category: str | None
    course_code: str | None
    course_kind: Literal["public", "category"] | None
    current_version: str | None
    effective_date: datetime.date | None
    url: str | None


class VersionOut(Schema):
    number: str
    change_kind: str
    effective_date: datetime.date
    published_at: datetime.datetime
    note: str
    url: str | None


class Section(Schema):
    name: str
    label: str
    markdown: str
    html: str


class LearningTask(Schema):
    name: str
    hours: int
    description: str


class WorkTask(Schema):
    code: str
    name: str
    level: str
    description: str


class Course(Schema):
    code: str
    name: str
    hours_intermediate: int
    hours_advanced: int
    hours_technician: int
    work_tasks: list[str]
    objectives: str
    content: str
    assessment: str
    learning_tasks: list[LearningTask]


class Content(Schema):
    """A standard's text: sections for both kinds; work tasks and courses (training) or hours and tasks (course)."""

    title: str
    sections: list[Section]
    work_tasks: list[WorkTask]
    courses: list[Course]
    hours: int | None
    learning_tasks: list[LearningTask]


class StandardDetail(StandardSummary):
    versions: list[VersionOut]
    content: Content


class VersionDetail(Schema):
    standard: StandardSummary
    version: VersionOut
    content: Content


def _versions(page):
    return sorted(page.standard_versions.all(), key=lambda v: (v.major, v.minor))


def _summary(page):
    versions = _versions(page)
    current = versions[-1] if versions else None
    training = isinstance(page, TrainingStandardPage)
    category = page.program.category if training else page.category
    return {
        "id": page.pk,
        "type": "training" if training else "course",
        "title": page.title,
        "program": page.program.code if training else None,
        "category": category.code if category else None,
        "course_code": None if training else page.course_code,
        "course_kind": None if training else page.kind,
        "current_version": current.number if current else None,
        "effective_date": current.effective_date if current else None,
        "url": page.url,
    }


def _version(version, page):
    return {
        "number": version.number,
        "change_kind": version.change_kind,
        "effective_date": version.effective_date,
        "published_at": version.published_at,
        "note": version.note,
        "url": page.version_url(version) if page.url else None,
    }


def _tasks(items):
    return [{"name": name, "hours": hours, "description": text} for name, hours, text in items]


def _sections(standard):
    """Markdown and rendered HTML of each non-empty section (training objectives only for offered levels)."""
    return [
        {"name": name, "label": label, "markdown": getattr(standard, name), "html": str(html)}
        for name, label, html in standard.sections()
    ]


def _content(standard):
    """The text of a live page or of a revision's snapshot of it."""
    if isinstance(standard, TrainingStandardPage):
        return {
            "title": standard.title,
            "sections": _sections(standard),
            "work_tasks": [
                {"code": t.code, "name": t.name, "level": t.level, "description": t.description}
                for t in standard.work_tasks.all()
            ],
            "courses": [_course(c) for c in standard.courses.all()],
            "hours": None,
            "learning_tasks": [],
        }
    return {
        "title": standard.title,
        "sections": _sections(standard),
        "work_tasks": [],
        "courses": [],
        "hours": standard.hours,
        "learning_tasks": _tasks(standard.learning_task_list),
    }


def _course(course):
    return {
        "code": course.code,
        "name": course.name,
        "hours_intermediate": course.hours_intermediate,
        "hours_advanced": course.hours_advanced,
        "hours_technician": course.hours_technician,
        "work_tasks": course.work_task_list,
        "objectives": course.objectives,
        "content": course.content,
        "assessment": course.assessment,
        "learning_tasks": _tasks(course.learning_task_list),
    }


def _public(model):
    return model.objects.live().public()


def _standard(standard_id):
    for model in (TrainingStandardPage, CourseStandardPage):
        page = _public(model).filter(pk=standard_id).first()
        if page is not None:
            return page
    raise not_found(f"编号为 {standard_id} 的已发布标准不存在。")


@router.get(
    "/standards", response={200: list[StandardSummary], 422: Error}, summary="已发布的培养标准和课程标准"
)
@paginate(LimitOffset)
def standard_list(
    request,
    type: KindValue | None = TYPE_QUERY,
    category: str | None = Query(None, pattern=CATEGORY_CODE, description="专业大类代码"),
    program: str | None = Query(None, pattern=PROGRAM_CODE, description="专业代码（仅培养标准）"),
):
    """Training standards in program-code order, then course standards by kind and code.

    Both kinds are merged in Python: there is at most one training standard per program, so the list stays small.
    """
    pages = []
    if type in (None, "training"):
        training = _public(TrainingStandardPage).select_related("program__category").order_by("program__code")
        if category:
            training = training.filter(program__category__code=category)
        if program:
            training = training.filter(program__code=program)
        pages += list(training.prefetch_related("standard_versions"))
    if type in (None, "course") and not program:
        courses = _public(CourseStandardPage).select_related("category").order_by("kind", "course_code", "pk")
        if category:
            courses = courses.filter(category__code=category)
        pages += list(courses.prefetch_related("standard_versions"))
    return Summaries(pages, _summary)


StandardId = Path(..., ge=1, le=MAX_ID, description="标准编号（列表中的 id）")


@router.get(
    "/standards/{standard_id}", response={200: StandardDetail, **ERRORS}, summary="标准详情（现行文本）"
)
def standard_detail(request, standard_id: int = StandardId):
    page = _standard(standard_id)
    return {
        **_summary(page),
        "versions": [_version(v, page) for v in reversed(_versions(page))],
        "content": _content(page),
    }


@router.get(
    "/standards/{standard_id}/versions", response={200: list[VersionOut], **ERRORS}, summary="标准的历次版本"
)
def standard_versions(request, standard_id: int = StandardId):
    page = _standard(standard_id)
    return [_version(v, page) for v in reversed(_versions(page))]


@router.get(
    "/standards/{standard_id}/versions/{number}",
    response={200: VersionDetail, **ERRORS},
    summary="某一版本的文本",
)
def standard_version(
    request,
    standard_id: int = StandardId,
    number: str = Path(..., pattern=VERSION, description="版本号，如 1.0（也可写作 1-0）"),
):
    page = _standard(standard_id)
    major, minor = (int(part) for part in re.split(r"[.-]", number))
    version = page.standard_versions.filter(major=major, minor=minor).select_related("revision").first()
    if version is None:
        known = "、".join(v.number for v in _versions(page)) or "暂无"
        raise not_found(f"《{page.title}》没有 {major}.{minor} 版。已发布版本：{known}。")
    return {
        "standard": _summary(page),
        "version": _version(version, page),
        "content": _content(version.revision.as_object()),
    }
