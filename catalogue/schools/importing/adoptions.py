"""教材选用: which book each school uses for a program course in a term, for how many students.

The book is a title in the system, found by ISBN, or one outside it, named by 书名 (with its ISBN if it has
one). `Adoption.clean` decides the rest: the school must run the program, and a book off the planned list for
a course that has listed titles needs a reason.
"""

from dataclasses import dataclass

from catalogue.tabular import RowProblem, UniqueKey, parse_rows
from catalogue.textbooks.isbn import InvalidISBN, normalise_isbn
from catalogue.textbooks.models import Textbook
from standards.models import ProgramCourse

from ..credit_code import normalise_credit_code
from ..models import Adoption
from .common import (
    CREDIT_CODE,
    field_problems,
    parse_count,
    schools_by_code,
    store,
    unknown_school,
    write_all,
)

COLUMNS = [CREDIT_CODE, "学期", "专业代码", "课程代码", "ISBN", "书名", "使用学生数"]
FIELD_COLUMNS = {
    "school": CREDIT_CODE,
    "term": "学期",
    "course": "课程代码",
    "textbook": "ISBN",
    "other_title": "书名",
    "other_isbn": "ISBN",
    "students": "使用学生数",
    "reason": "理由",
}


@dataclass
class AdoptionRecord:
    line: int
    credit_code: str
    term: str
    program_code: str
    course_code: str
    isbn: str
    title: str
    values: dict


def import_adoptions(path):
    """Record or update the adoptions of the file; all or nothing. ImportCounts."""
    records, problems = parse_rows(
        path, COLUMNS, _parse_row, UniqueKey("ISBN", "学校、学期、课程和教材", _key)
    )
    schools = schools_by_code({r.credit_code for r in records})
    return write_all(records, problems, lambda r, c, p: _save(r, schools, c, p))


def _isbn(value):
    try:
        return normalise_isbn(value) if value else ""
    except InvalidISBN:
        return value


def _key(row):
    book = _isbn(row["ISBN"]) or row["书名"]
    parts = [normalise_credit_code(row[CREDIT_CODE]), row["学期"], row["专业代码"], row["课程代码"], book]
    return "/".join(parts) if all(parts) else None


def _parse_row(row, problems):
    def problem(column, message):
        problems.append(RowProblem(row.line, column, message))

    isbn = ""
    if row["ISBN"]:
        try:
            isbn = normalise_isbn(row["ISBN"])
        except InvalidISBN as exc:
            problem("ISBN", str(exc))
    elif not row["书名"]:
        problem("ISBN", "请填写系统中教材的 ISBN，或系统外教材的书名")
    field_problems(Adoption, row, {"term": "学期", "other_title": "书名"}, problem)
    for column in ("专业代码", "课程代码"):
        if not row[column]:
            problem(column, f"{column}不能为空")
    values = {"students": parse_count(row, "使用学生数", problem), "reason": row["理由"]}
    return AdoptionRecord(
        row.line,
        normalise_credit_code(row[CREDIT_CODE]),
        row["学期"],
        row["专业代码"],
        row["课程代码"],
        isbn,
        row["书名"],
        values,
    )


def _save(record, schools, counts, problems):
    def problem(column, message):
        problems.append(RowProblem(record.line, column, message))

    school = schools.get(record.credit_code)
    if school is None:
        problems.append(unknown_school(record.line, record.credit_code))
        return
    course = ProgramCourse.objects.filter(program__code=record.program_code, code=record.course_code).first()
    if course is None:
        problem(
            "课程代码",
            f"专业 {record.program_code} 没有课程代码为 {record.course_code} 的课程（以已发布的培养标准为准）",
        )
        return
    textbook = Textbook.objects.filter(isbn=record.isbn).first() if record.isbn else None
    if record.isbn and textbook is None and not record.title:
        problem("ISBN", f"ISBN {record.isbn} 不是系统中的教材；系统外的教材请同时填写书名")
        return
    book = {"textbook": textbook} if textbook else {"other_title": record.title, "textbook": None}
    adoption = Adoption.objects.filter(school=school, term=record.term, course=course, **book).first()
    values = {**record.values, "other_isbn": "" if textbook else record.isbn}
    adoption = adoption or Adoption(school=school, term=record.term, course=course, **book)
    store(adoption, values, record.line, FIELD_COLUMNS, counts, problems)
