"""Textbook endpoints: the planned-textbook list as the public sees it (`Textbook.objects.listed()`).

Filters are those of the public list page; where that page ignores a bad value with a notice, the API refuses it
with 422, and an unknown parameter (a misspelt `qq=`, a filter the list does not have) with 400, because a program
silently getting an unfiltered list would be worse than an error. `q` is matched and ordered by the site search
(`search.service.TextbookSearch`), like the list page's keyword box. Sample chapters, tables of contents, review
stages and rounds are never part of a response.
"""

import datetime
from typing import Literal

from ninja import Path, Query, Router, Schema
from ninja.pagination import paginate

from catalogue.api import CATEGORY_CODE, PROGRAM_CODE
from catalogue.models import Category, Program
from catalogue.textbooks.curriculum.trace import TraceError, trace_all, trace_for_code
from catalogue.textbooks.isbn import InvalidISBN, normalise_isbn
from catalogue.textbooks.models import Textbook, TextbookBatch, TextbookLevel, TextbookType
from catalogue.textbooks.models.textbooks import PublicationStatus
from cms.api.errors import ApiError, Error, bad_parameter, not_found
from cms.api.params import MAX_ID, PLAIN_TEXT, SEGMENT, LimitOffset, Summaries
from cms.users.models import Organisation
from search.service import UNAVAILABLE_MESSAGE, TextbookSearch
from search.views import guarded

router = Router(tags=["规划教材"])

KindValue = Literal[tuple(TextbookType.values)]
LevelValue = Literal[tuple(TextbookLevel.values)]
LEVEL_QUERY = Query(None, description="培养层次")
KIND_QUERY = Query(None, description="教材类型")


class Named(Schema):
    id: int
    name: str


class ProgramRef(Schema):
    code: str
    name: str


class TextbookSummary(Schema):
    isbn: str
    title: str
    publisher: Named
    editors: list[str]
    year: int | None
    kind: KindValue
    level: LevelValue
    batch: Named | None
    url: str


class TextbookDetail(TextbookSummary):
    series: str
    edition: int
    programs: list[ProgramRef]
    course: str
    publication_status: Literal[tuple(PublicationStatus.values)]
    worldskills_item: str
    description: str
    listed_on: datetime.date | None
    previous_edition: str | None


def _named(obj):
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _summary(book):
    return {
        "isbn": book.isbn,
        "title": book.title,
        "publisher": _named(book.publisher),
        "editors": [str(e) for e in book.editors or []],
        "year": book.year,
        "kind": book.kind,
        "level": book.level,
        "batch": _named(book.batch),
        "url": book.get_absolute_url(),
    }


def _ranked_isbns(q):
    """The listed titles matching `q`, best first, as the site search orders them; 503 if it cannot answer."""
    isbns = guarded(lambda: TextbookSearch(q).ranked_keys())
    if isbns is None:
        raise ApiError(503, UNAVAILABLE_MESSAGE)
    return isbns


@router.get(
    "/textbooks",
    response={200: list[TextbookSummary], 400: Error, 422: Error, 503: Error},
    summary="规划教材目录",
)
@paginate(LimitOffset)
def textbook_list(
    request,
    q: str = Query(
        "",
        max_length=200,
        pattern=PLAIN_TEXT,
        description="关键词：书名、课程、ISBN、主编、拼音等（与全站检索相同的匹配）；给出时按相关度排序",
    ),
    category: str | None = Query(None, pattern=CATEGORY_CODE, description="专业大类代码"),
    program: str | None = Query(None, pattern=PROGRAM_CODE, description="专业代码"),
    level: LevelValue | None = LEVEL_QUERY,
    kind: KindValue | None = KIND_QUERY,
    publisher: int | None = Query(None, ge=1, le=MAX_ID, description="出版社编号"),
    batch: int | None = Query(None, ge=1, le=MAX_ID, description="批次编号"),
):
    """Listed titles in batch then ISBN order, as on the public list page; with `q`, those matching it, best first.

    Any other query parameter is refused with 400 (未知参数) by the API-wide check (`cms.api.params`)."""
    checks = [
        (Category.objects.filter(code=category), "category", category, "专业大类代码"),
        (Program.objects.filter(code=program), "program", program, "专业代码"),
        (Organisation.objects.filter(pk=publisher), "publisher", publisher, "出版社编号"),
        (TextbookBatch.objects.filter(pk=batch), "batch", batch, "批次编号"),
    ]
    for queryset, parameter, value, label in checks:
        if value is not None and not queryset.exists():
            raise bad_parameter(parameter, f"{label}“{value}”不存在")
    books = Textbook.objects.public_list(
        category=category, program=program, level=level, kind=kind, publisher=publisher, batch=batch
    )
    if q.strip():
        isbns = _ranked_isbns(q.strip())
        position = {isbn: n for n, isbn in enumerate(isbns)}
        books = sorted(books.filter(isbn__in=isbns), key=lambda book: position[book.isbn])
    return Summaries(books, _summary)


@router.get("/textbooks/{isbn}", response={200: TextbookDetail, 404: Error, 422: Error}, summary="教材详情")
def textbook_detail(
    request, isbn: str = Path(..., max_length=40, pattern=SEGMENT, description="ISBN-13，可带连字符")
):
    try:
        canonical = normalise_isbn(isbn)
    except InvalidISBN as error:
        raise bad_parameter("isbn", str(error)) from error
    book = Textbook.objects.listed_title(canonical)
    if book is None:
        raise not_found(f"ISBN {canonical} 不在规划教材目录中。")
    previous = book.previous_edition
    return {
        **_summary(book),
        "series": book.series,
        "edition": book.edition,
        "programs": [{"code": p.code, "name": p.name} for p in book.programs.order_by("code")],
        "course": book.course,
        "publication_status": book.publication_status,
        "worldskills_item": book.worldskills_item,
        "description": book.description,
        "listed_on": book.listed_on,
        # Only a listed earlier edition is named: an unlisted one is not public.
        "previous_edition": previous.isbn
        if previous is not None and Textbook.objects.listed().filter(pk=previous.pk).exists()
        else None,
    }


class TraceStandard(Schema):
    title: str
    version: str | None
    effective_date: datetime.date | None
    url: str | None


class TraceCourse(Schema):
    code: str
    name: str
    levels: list[LevelValue]
    hours: dict[str, int]
    textbooks: list[str]


class ProgramTraceOut(Schema):
    program: str
    name: str
    standard: TraceStandard
    courses: list[TraceCourse]
    courses_without_textbooks: list[str]
    textbooks_not_in_standard: list[str]
    foundation_textbooks: list[str]


class TraceOut(Schema):
    programs: list[ProgramTraceOut]


@router.get(
    "/curriculum/trace",
    response={200: TraceOut, 404: Error, 422: Error},
    summary="课程与教材对照",
    tags=["课程与教材对照"],
)
def curriculum_trace(
    request, program: str | None = Query(None, pattern=PROGRAM_CODE, description="专业代码；不填为全部")
):
    """Per program with a published standard: its courses with the listed textbooks serving each, and the gaps.

    The same data as `manage.py curriculum_trace --json`; only listed titles count.
    """
    if program is None:
        return {"programs": [trace.as_dict() for trace in trace_all()]}
    try:
        trace = trace_for_code(program)
    except TraceError as error:
        raise not_found(str(error)) from error
    return {"programs": [trace.as_dict()]}
