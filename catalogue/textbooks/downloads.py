"""The public textbook list as CSV or Excel: every title the list page shows for the same query and filters
(`views.listed_textbooks`), not only the page on screen. No login: it is the published list."""

from django.db.models import prefetch_related_objects
from django.http import HttpResponse

from cms.spreadsheets import csv_download, xlsx_download
from search.service import UNAVAILABLE_MESSAGE

from .views import TextbookFilterForm, listed_textbooks

HEADER = [
    "ISBN",
    "书名",
    "丛书",
    "主编",
    "出版社",
    "版次",
    "出版年份",
    "教材类型",
    "培养层次",
    "批次",
    "适用专业",
    "对应课程",
    "出版状态",
    "列入目录日期",
]
WIDTHS = (16, 36, 24, 16, 24, 6, 9, 14, 14, 10, 36, 20, 10, 12)
FILENAME = "技工院校规划教材目录"


def _row(book):
    programs = sorted(book.programs.all(), key=lambda program: program.code)
    return [
        book.isbn,
        book.title,
        book.series,
        "、".join(str(editor) for editor in book.editors or []),
        book.publisher.name,
        book.edition,
        book.year or "",
        book.get_kind_display(),
        book.get_level_display(),
        book.batch.name if book.batch else "",
        "、".join(f"{program.code} {program.name}" for program in programs),
        book.course,
        book.get_publication_status_display(),
        book.listed_on.isoformat() if book.listed_on else "",
    ]


def _rows(request):
    """The rows for the request's query, or None when the search could not answer its keyword."""
    textbooks, unavailable = listed_textbooks(TextbookFilterForm(request.GET))
    if unavailable:
        return None
    textbooks = list(textbooks)
    prefetch_related_objects(textbooks, "programs")
    return [_row(book) for book in textbooks]


def _unavailable():
    return HttpResponse(UNAVAILABLE_MESSAGE, status=503, content_type="text/plain; charset=utf-8")


def textbooks_csv(request):
    rows = _rows(request)
    return _unavailable() if rows is None else csv_download(HEADER, rows, f"{FILENAME}.csv")


def textbooks_xlsx(request):
    rows = _rows(request)
    if rows is None:
        return _unavailable()
    return xlsx_download(HEADER, rows, f"{FILENAME}.xlsx", "规划教材目录", WIDTHS)
