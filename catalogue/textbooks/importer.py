"""Importing the planned textbook list (format of textbooks.csv) as approved, listed titles.

Every row is checked first (ISBN check digit, known programs, known types and levels); a file with any problem
writes nothing. Rows are matched by ISBN, so importing the same list again changes nothing.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction

from catalogue.models import Program
from catalogue.tabular import RowProblem, UniqueKey, length_problems, parse_table, split_list
from catalogue.textbooks.models import (
    PublicationStatus,
    ReviewStage,
    Textbook,
    TextbookBatch,
    TextbookLevel,
    TextbookType,
)
from cms.users.models import Organisation

from .curriculum.links import CourseIndex, set_links
from .isbn import InvalidISBN, normalise_isbn

TEXTBOOK_COLUMNS = ["isbn", "title", "publisher", "type", "level", "batch"]
TYPES_BY_LABEL = {t.label: t for t in TextbookType}
LEVELS_BY_LABEL = {level.label: level for level in TextbookLevel}
STATUS_BY_LABEL = {s.label: s for s in PublicationStatus}
CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass
class TextbookRecord:
    line: int
    isbn: str
    fields: dict
    publisher: str
    batch: str
    program_codes: list


def parse_textbooks(path):
    """TextbookRecords for every row, or ImportProblems naming every bad cell."""
    known_codes = set(Program.objects.values_list("code", flat=True))
    return parse_table(
        path,
        TEXTBOOK_COLUMNS,
        lambda row, problems: _parse_row(row, known_codes, problems),
        UniqueKey("isbn", "ISBN", value=lambda row: _isbn(row["isbn"], lambda *_: None)),
    )


def _parse_row(row, known_codes, problems):
    def problem(column, message):
        problems.append(RowProblem(row.line, column, message))

    isbn = _isbn(row["isbn"], problem)
    for column, what, limit in (("title", "书名", 200), ("publisher", "出版社", 200), ("batch", "批次", 30)):
        if not row[column]:
            problem(column, f"{what}不能为空")
        elif len(row[column]) > limit:
            problem(column, f"{what}超过 {limit} 个字")
    problems += length_problems(
        row,
        [
            ("series", "丛书", Textbook, "series"),
            ("course", "对应课程", Textbook, "course"),
            ("worldskills", "世赛项目", Textbook, "worldskills_item"),
        ],
    )
    kind = _choice(row["type"], TYPES_BY_LABEL, "type", "教材类型", problem)
    level = _choice(row["level"], LEVELS_BY_LABEL, "level", "培养层次", problem)
    status = _choice(
        row["status"] or PublicationStatus.PUBLISHED.label, STATUS_BY_LABEL, "status", "出版状态", problem
    )
    codes = split_list(row["program_codes"], ["|", "｜"])
    _check_programs(codes, kind, known_codes, problem)
    if kind == TextbookType.WORLDSKILLS and not row["worldskills"]:
        problem("worldskills", "世赛成果转化教材须填写对应的世赛项目")
    edition = _number(row["edition"] or "1", "edition", "版次", problem, 1, 20)
    year = _number(row["year"], "year", "出版年份", problem, 1949, 2100) if row["year"] else None
    if problems:
        return None
    fields = {
        "title": row["title"],
        "series": row["series"],
        "editors": split_list(row["editors"], ["、", "，", ","]),
        "edition": edition,
        "year": year,
        "kind": kind,
        "level": level,
        "course": row["course"],
        "publication_status": status,
        "worldskills_item": row["worldskills"],
        "description": row["description"],
    }
    return TextbookRecord(row.line, isbn, fields, row["publisher"], row["batch"], codes)


def _isbn(value, problem):
    try:
        return normalise_isbn(value)
    except InvalidISBN as exc:
        problem("isbn", str(exc))
        return None


def _choice(value, by_label, column, what, problem):
    if value not in by_label:
        problem(column, f"{what}“{value}”无效，应为 {'、'.join(by_label)}")
        return None
    return by_label[value]


def _check_programs(codes, kind, known_codes, problem):
    unknown = [code for code in codes if code not in known_codes]
    if unknown:
        problem("program_codes", f"专业代码 {'、'.join(unknown)} 不在专业目录中")
    if kind == TextbookType.PUBLIC and codes:
        problem("program_codes", "公共课教材不对应具体专业，请留空")
    if kind not in (None, TextbookType.PUBLIC) and not codes:
        problem("program_codes", "须填写至少一个适用专业代码")


def _number(value, column, what, problem, low, high):
    try:
        number = int(value)
    except ValueError:
        problem(column, f"{what}“{value}”应为整数")
        return None
    if not low <= number <= high:
        problem(column, f"{what} {number} 超出合理范围")
        return None
    return number


@dataclass
class UnlinkedCourse:
    """A row whose stated course could not be linked: reported, not an error."""

    line: int
    isbn: str
    course: str
    program: str
    reason: str

    def __str__(self):
        where = f"（专业 {self.program}）" if self.program else ""
        return f"第 {self.line} 行 {self.isbn} 课程「{self.course}」{where}未关联：{self.reason}"


@dataclass
class TextbookImportResult:
    created: int
    updated: int
    unchanged: int
    linked: int = 0
    unlinked: list = field(default_factory=list)


def import_textbooks(path, progress=None):
    """Load the list as approved and listed titles, all or nothing."""
    records = parse_textbooks(path)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        publishers = _publishers({r.publisher for r in records})
        batches = _batches({r.batch for r in records})
        programs = {p.code: p for p in Program.objects.all()}
        courses = CourseIndex()
        linked, unlinked = 0, []
        for record in (progress or iter)(records):
            outcome, textbook = _save(record, publishers[record.publisher], batches[record.batch], programs)
            counts[outcome] += 1
            links = courses.resolve(
                textbook.kind, textbook.course, [programs[code] for code in record.program_codes]
            )
            set_links(textbook, links)
            textbook.reviewed_against.set(
                {course.last_version for course in links.courses if course.last_version}
            )
            linked += bool(links.courses or links.course_standards)
            unlinked += [
                UnlinkedCourse(record.line, record.isbn, textbook.course, program, reason)
                for program, reason in links.unlinked
            ]
    return TextbookImportResult(**counts, linked=linked, unlinked=unlinked)


def _publishers(names):
    found = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    for name in names - set(found):
        found[name] = Organisation.objects.create(name=name, kind=Organisation.Kind.PUBLISHER)
    return found


def _batches(names):
    found = {b.name: b for b in TextbookBatch.objects.filter(name__in=names)}
    for name in names - set(found):
        found[name] = TextbookBatch.objects.create(name=name, sort_order=_batch_order(name))
    return found


def _batch_order(name):
    """第三批 → 3, so batches sort as announced; names without a numeral sort last."""
    match = re.search(f"第([{CHINESE_NUMERALS}])批", name)
    return CHINESE_NUMERALS.index(match.group(1)) + 1 if match else 99


def _save(record, publisher, batch, programs):
    textbook = Textbook.objects.filter(isbn=record.isbn).first()
    wanted = {**record.fields, "publisher_id": publisher.pk, "batch_id": batch.pk}
    codes = sorted(record.program_codes)
    if textbook is not None and _unchanged(textbook, wanted, codes):
        return "unchanged", textbook
    outcome = "created" if textbook is None else "updated"
    textbook = textbook or Textbook(isbn=record.isbn)
    for name, value in wanted.items():
        setattr(textbook, name, value)
    textbook.review_stage = ReviewStage.LISTED
    textbook.live = True
    textbook.has_unpublished_changes = False
    textbook.programs = [programs[code] for code in codes]
    textbook.save()
    return outcome, textbook


def _unchanged(textbook, wanted, codes):
    same_fields = all(getattr(textbook, field) == value for field, value in wanted.items())
    listed = textbook.review_stage == ReviewStage.LISTED and textbook.live
    return same_fields and listed and sorted(textbook.programs.values_list("code", flat=True)) == codes
