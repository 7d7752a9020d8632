"""The trace from a program's current standard to its textbooks, and the gaps between them.

One computation serves the command (`curriculum_trace`), the API (`/api/v1/curriculum/trace`) and the program
page. Which textbooks count is the caller's choice: the command and the API pass the public list
(`Textbook.objects.listed()`), so their counts are those of the listed titles anyone can see; the program page
passes the listed titles plus, for staff, the applications under review, and a course whose only textbooks are
under review is still shown as having none listed.

A course is current when it is a row of the live standard (IntegratedCourse), paired with its identity across
versions (ProgramCourse); textbooks serve a course through `ProgramCourse.textbooks`. A program's textbook is
"not in the standard" when its course is an integrated course of the program that the current standard lacks:
linked to one of its ProgramCourses no longer in the standard, or stating (free text) one of the program's core
courses or ProgramCourse names without being linked to any current course of the program.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from catalogue.models import Program
from standards.curriculum import live_courses
from standards.models import ProgramCourse, TrainingStandardPage

from ..models import ReviewStage, Textbook, TextbookType
from .links import is_integrated

# Applications a staff member follows on the program page: submitted and not yet decided or listed.
IN_REVIEW_STAGES = (
    ReviewStage.SUBMITTED,
    ReviewStage.RETURNED,
    ReviewStage.EXPERT_REVIEW,
    ReviewStage.COMMITTEE,
    ReviewStage.NOTICE,
)


def is_listed(textbook):
    return textbook.live and textbook.review_stage == ReviewStage.LISTED


@dataclass
class CourseTrace:
    code: str
    name: str
    hours: dict  # level value → hours, only the levels the course is taught at
    level_labels: list
    textbooks: list = field(default_factory=list)  # listed titles
    in_review: list = field(default_factory=list)  # other titles of the given set (staff only)

    @property
    def level_hours(self):
        return list(zip(self.level_labels, self.hours.values(), strict=True))

    def as_dict(self):
        return {
            "code": self.code,
            "name": self.name,
            "levels": list(self.hours),
            "hours": self.hours,
            "textbooks": [book.isbn for book in self.textbooks],
        }


@dataclass
class ProgramTrace:
    program: object
    standard: TrainingStandardPage
    version: object  # StandardVersion or None
    courses: list
    textbooks_not_in_standard: list
    foundation_textbooks: list

    @property
    def courses_without_textbooks(self):
        return [course.code for course in self.courses if not course.textbooks]

    def as_dict(self):
        version = self.version
        return {
            "program": self.program.code,
            "name": self.program.name,
            "standard": {
                "title": self.standard.title,
                "version": version.number if version else None,
                "effective_date": version.effective_date.isoformat() if version else None,
                "url": self.standard.url,
            },
            "courses": [course.as_dict() for course in self.courses],
            "courses_without_textbooks": self.courses_without_textbooks,
            "textbooks_not_in_standard": [book.isbn for book in self.textbooks_not_in_standard],
            "foundation_textbooks": [book.isbn for book in self.foundation_textbooks],
        }


def live_standard(program):
    """The program's published training standard that anyone may read, or None."""
    return TrainingStandardPage.objects.live().public().filter(program=program).first()


def programs_with_standard():
    """Programs whose training standard is published, in code order, with their standard pages."""
    pages = TrainingStandardPage.objects.live().public().select_related("program").order_by("program__code")
    return [(page.program, page) for page in pages]


def trace_program(program, textbooks=None, standard=None):
    """The program's ProgramTrace over `textbooks` (default: the listed titles), or None without a standard."""
    standard = standard or live_standard(program)
    if standard is None:
        return None
    textbooks = Textbook.objects.listed() if textbooks is None else textbooks
    own = list(
        textbooks.filter(Q(programs=program) | Q(courses__program=program))
        .select_related("publisher")
        .prefetch_related("courses", "programs")
        .distinct()
        .order_by("isbn")
    )
    register = {course.pk: course for course in ProgramCourse.objects.filter(program=program)}
    current_ids = {pk for pk, course in register.items() if course.in_current_standard}
    courses = [_course_trace(row, identity, own) for row, identity in live_courses(standard)]
    return ProgramTrace(
        program=program,
        standard=standard,
        version=standard.current_version,
        courses=courses,
        textbooks_not_in_standard=_not_in_standard(program, own, register, current_ids),
        foundation_textbooks=[
            book for book in own if book.kind == TextbookType.FOUNDATION and program in book.programs.all()
        ],
    )


def _course_trace(row, identity, textbooks):
    serving = [book for book in textbooks if identity is not None and identity in book.courses.all()]
    hours = {level.value: hours for level, hours in _level_hours(row)}
    return CourseTrace(
        code=row.code,
        name=row.name,
        hours=hours,
        level_labels=[level.label for level, _ in _level_hours(row)],
        textbooks=[book for book in serving if is_listed(book)],
        in_review=[book for book in serving if not is_listed(book)],
    )


def _level_hours(row):
    return [(level, getattr(row, f"hours_{level.value}")) for level in row.levels]


def _not_in_standard(program, textbooks, register, current_ids):
    names = set(program.core_courses or []) | {course.name for course in register.values()}
    found = []
    for book in textbooks:
        linked = {course.pk for course in book.courses.all() if course.program_id == program.pk}
        if linked & current_ids:
            continue
        if linked or (is_integrated(book.kind) and book.course in names):
            found.append(book)
    return found


def trace_all():
    """The trace of every program with a published standard, over the listed titles."""
    return [trace_program(program, standard=page) for program, page in programs_with_standard()]


class TraceError(Exception):
    """A program code the trace cannot answer for; `missing` is True when no such program exists."""

    def __init__(self, message, missing):
        super().__init__(message)
        self.missing = missing


def trace_for_code(code):
    """The listed-title trace of the program with this code; TraceError (in Chinese) when there is none."""
    program = Program.objects.filter(code=code).first()
    if program is None:
        raise TraceError(f"专业代码“{code}”不存在。", missing=True)
    trace = trace_program(program)
    if trace is None:
        raise TraceError(f"专业“{program}”尚无已发布的培养标准。", missing=False)
    return trace
