"""The courses of a program across standard versions: what a new version changes, and the course register.

A course is the same course in two versions when its code is the same (ProgramCourse). `course_changes`
compares two snapshots (revisions) of a training standard; the approval screen shows it before publishing and
the publication hands it to whoever must act on it (textbooks flagged for review).
"""

from dataclasses import dataclass

from django.dispatch import Signal

from catalogue.impact import change_impacts

from .checks import LEVEL_HOURS_FIELDS
from .models import ProgramCourse

# Sent after a training standard version is published and the course register updated:
# sender=TrainingStandardPage, page, version, changes (list[CourseChange]).
standard_version_published = Signal()


@dataclass(frozen=True)
class CourseChange:
    kind: str  # added | renamed | removed | hours
    code: str
    old_name: str = ""
    new_name: str = ""
    old_hours: dict | None = None
    new_hours: dict | None = None

    LABELS = {"added": "新增", "renamed": "更名", "removed": "删除", "hours": "学时调整"}

    @property
    def label(self):
        return self.LABELS[self.kind]

    @property
    def name(self):
        return self.new_name or self.old_name

    def describe(self):
        if self.kind == "added":
            return f"新增课程「{self.code} {self.new_name}」（{_hours_text(self.new_hours)}）"
        if self.kind == "removed":
            return f"删除课程「{self.code} {self.old_name}」"
        if self.kind == "renamed":
            text = f"课程「{self.code} {self.old_name}」更名为「{self.new_name}」"
            if self.old_hours != self.new_hours:
                text += f"，学时由 {_hours_text(self.old_hours)} 调整为 {_hours_text(self.new_hours)}"
            return text
        return (
            f"课程「{self.code} {self.new_name}」学时由 {_hours_text(self.old_hours)} "
            f"调整为 {_hours_text(self.new_hours)}"
        )

    @property
    def touches_existing(self):
        """Whether textbooks of the course are affected (an added course has none yet)."""
        return self.kind != "added"


def _hours(course):
    return {
        level.label: getattr(course, field)
        for level, field in LEVEL_HOURS_FIELDS.items()
        if getattr(course, field)
    }


def _hours_text(hours):
    if not hours:
        return "0 学时"
    return "，".join(f"{label} {value} 学时" for label, value in hours.items())


def course_changes(old, new):
    """What `new` changes in the courses of `old` (two TrainingStandardPage snapshots; `old` may be None)."""
    before = {course.code: course for course in old.courses.all()} if old is not None else {}
    after = {course.code: course for course in new.courses.all()}
    changes = []
    for code, course in after.items():
        previous = before.get(code)
        if previous is None:
            changes.append(CourseChange("added", code, new_name=course.name, new_hours=_hours(course)))
        elif previous.name != course.name:
            changes.append(
                CourseChange(
                    "renamed",
                    code,
                    previous.name,
                    course.name,
                    _hours(previous),
                    _hours(course),
                )
            )
        elif _hours(previous) != _hours(course):
            changes.append(
                CourseChange("hours", code, previous.name, course.name, _hours(previous), _hours(course))
            )
    for code, course in before.items():
        if code not in after:
            changes.append(CourseChange("removed", code, old_name=course.name, old_hours=_hours(course)))
    return changes


def previous_snapshot(page, version):
    """The standard as the version before `version` published it (None for the first version)."""
    earlier = page.versions.filter(published_at__lt=version.published_at).exclude(pk=version.pk)
    last = earlier.order_by("-major", "-minor").first()
    return last.revision.as_object() if last else None


def sync_program_courses(page, version):
    """Bring the program's course register in line with the version just published; returns the changes."""
    snapshot = version.revision.as_object()
    changes = course_changes(previous_snapshot(page, version), snapshot)
    current = {course.code: course for course in snapshot.courses.all()}
    for code, course in current.items():
        ProgramCourse.objects.update_or_create(
            program_id=page.program_id,
            code=code,
            defaults={"name": course.name, "in_current_standard": True, "last_version": version},
        )
    ProgramCourse.objects.filter(program_id=page.program_id).exclude(code__in=current).update(
        in_current_standard=False
    )
    return changes


def live_courses(page):
    """The current standard's integrated courses with their register identity: (IntegratedCourse, ProgramCourse)."""
    register = {course.code: course for course in ProgramCourse.objects.filter(program_id=page.program_id)}
    return [(course, register.get(course.code)) for course in page.courses.all()]


def pending_course_changes(page, draft=None):
    """What publishing `draft` (default: the page's latest revision) would change in the current version's courses."""
    current = page.current_version
    draft = draft if draft is not None else page.get_latest_revision_as_object()
    return course_changes(current.revision.as_object() if current else None, draft)


def change_impact_context(page, draft=None):
    """Context of catalogue/admin/impact.html for publishing a training standard."""
    changes = pending_course_changes(page, draft)
    return {"course_changes": changes, "impacts": change_impacts(page, changes)}
