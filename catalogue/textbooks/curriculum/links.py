"""Linking a textbook to the courses it serves, by the course name it states.

An integrated-course textbook (工学一体化, 新形态数字, 世赛转化) links, per program, to the course of that name in
the program's current standard. A foundation or public-course textbook links to the course standard of that
name: a 大类通用专业课 standard of one of its programs' categories, or a 公共课 standard. What cannot be linked is
not an error (a course with no standard yet, or a gap between the list and the standard); it is reported.
"""

from dataclasses import dataclass, field

from standards.models import CourseStandardPage, ProgramCourse

from ..models import Textbook, TextbookType

COURSE_STANDARD_KINDS = {
    TextbookType.FOUNDATION: CourseStandardPage.Kind.CATEGORY,
    TextbookType.PUBLIC: CourseStandardPage.Kind.PUBLIC,
}
NO_STANDARD = "该专业尚无已发布的培养标准"
NOT_IN_STANDARD = "该专业现行培养标准中没有这门课程"
NO_COURSE_STANDARD = {
    TextbookType.FOUNDATION: "专业基础课，尚无对应的大类通用专业课课程标准",
    TextbookType.PUBLIC: "公共课，尚无对应的公共课课程标准",
}


def is_integrated(kind):
    return kind not in COURSE_STANDARD_KINDS


@dataclass
class LinkOutcome:
    courses: list = field(default_factory=list)
    course_standards: list = field(default_factory=list)
    unlinked: list = field(default_factory=list)  # (program code or "", reason)


class CourseIndex:
    """The current courses and live course standards, loaded once for a whole import."""

    def __init__(self):
        self.courses = {}
        self.programs_with_standard = set()
        for course in ProgramCourse.objects.filter(in_current_standard=True).select_related("program"):
            self.courses[(course.program_id, course.name)] = course
            self.programs_with_standard.add(course.program_id)
        self.course_standards = {}
        for page in CourseStandardPage.objects.live():
            self.course_standards.setdefault((page.kind, page.title), []).append(page)

    def resolve(self, kind, course_name, programs):
        outcome = LinkOutcome()
        if not course_name:
            return outcome
        if not is_integrated(kind):
            wanted = COURSE_STANDARD_KINDS[TextbookType(kind)]
            categories = {program.category_id for program in programs}
            pages = [
                page
                for page in self.course_standards.get((wanted, course_name), [])
                if wanted == CourseStandardPage.Kind.PUBLIC or page.category_id in categories
            ]
            outcome.course_standards = pages
            if not pages:
                outcome.unlinked.append(("", NO_COURSE_STANDARD[TextbookType(kind)]))
            return outcome
        for program in programs:
            course = self.courses.get((program.pk, course_name))
            if course is not None:
                outcome.courses.append(course)
            elif program.pk in self.programs_with_standard:
                outcome.unlinked.append((program.code, NOT_IN_STANDARD))
            else:
                outcome.unlinked.append((program.code, NO_STANDARD))
        return outcome


def set_links(textbook, outcome):
    """Replace the textbook's course links with the outcome's (used for imported, listed titles)."""
    textbook.courses.through.objects.filter(textbook=textbook).delete()
    textbook.course_standards.through.objects.filter(textbook=textbook).delete()
    _add_links(textbook, outcome.courses, outcome.course_standards)


def _add_links(textbook, courses=(), course_standards=()):
    """Through the link tables: imported and flagged titles are not edited through their revisions."""
    textbook.courses.through.objects.bulk_create(
        [textbook.courses.through(textbook=textbook, programcourse=course) for course in courses]
    )
    textbook.course_standards.through.objects.bulk_create(
        [
            textbook.course_standards.through(textbook=textbook, coursestandardpage=page)
            for page in course_standards
        ]
    )


def link_unlinked_textbooks(program_ids=None):
    """Add links for textbooks that state a course by name but are not yet linked to it.

    Run when a standard or a course standard is published: textbooks imported before their standard existed
    then find their course. Links a publisher or the importer already set are kept.
    """
    index = CourseIndex()
    textbooks = Textbook.objects.exclude(course="").prefetch_related(
        "programs", "courses", "course_standards"
    )
    if program_ids is not None:
        textbooks = textbooks.filter(programs__in=program_ids).distinct()
    added = 0
    for textbook in textbooks:
        programs = list(textbook.programs.all())
        outcome = index.resolve(textbook.kind, textbook.course, programs)
        linked_programs = {course.program_id for course in textbook.courses.all()}
        new_courses = [course for course in outcome.courses if course.program_id not in linked_programs]
        new_standards = [] if textbook.course_standards.all() else outcome.course_standards
        _add_links(textbook, new_courses, new_standards)
        added += len(new_courses) + len(new_standards)
    return added
