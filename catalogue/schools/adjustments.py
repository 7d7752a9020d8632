"""Where a catalogue adjustment reaches the schools: the approver sees which schools run the programs it changes,
and once it is applied their staff are told to register the successor programs (专业设置备案).

Answered through the `curriculum_change_impact` hook and the `adjustments_applied` signal (connected in
SchoolsConfig.ready()), so the register knows nothing of schools.
"""

from django.urls import reverse

from catalogue.impact import Impact
from catalogue.models import Adjustment
from catalogue.textbooks.review.notifications import notify

from .models import Offering
from .provinces import Province


def affected_offerings(adjustment):
    """Active offerings of the programs an adjustment renames, upgrades, merges, splits or retires."""
    if adjustment.kind == Adjustment.Kind.ADD:
        return Offering.objects.none()
    programs = adjustment.old_programs.all()
    return (
        Offering.objects.filter(program__in=programs, withdrawn_year__isnull=True)
        .select_related("school", "program")
        .order_by("school__province", "school__name", "program__code")
    )


def school_impact(subject, changes):
    """The approval screen's 受影响的学校 for an adjustment (standards changes do not touch offerings)."""
    if not isinstance(subject, Adjustment):
        return []
    impact = Impact(
        "受影响的学校（开设原专业的学校）",
        kind="schools",
        empty_text="新增专业不影响已有的专业设置备案。"
        if subject.kind == Adjustment.Kind.ADD
        else "没有学校备案开设原专业。",
    )
    for offering in affected_offerings(subject):
        school, program = offering.school, offering.program
        levels = "、".join(level.label for level in offering.levels())
        impact.rows.append(
            (school.name, Province(school.province).label, f"{program.code} {program.name}", levels)
        )
    return [impact]


def notify_schools(adjustment):
    """Tell the staff of every school running a changed program what happened and what to register instead."""
    by_school = {}
    for offering in affected_offerings(adjustment):
        by_school.setdefault(offering.school, []).append(offering.program)
    for school, programs in by_school.items():
        for program in programs:
            successors = "、".join(f"{s.code} {s.name}" for s in program.successors())
            then = f"请按接续专业 {successors} 办理专业设置备案。" if successors else "该专业没有接续专业。"
            notify(
                school.staff.filter(is_active=True),
                f"专业 {program.code} {program.name} 已{adjustment.get_kind_display()}",
                f"专业目录调整 {adjustment.reference}（{adjustment.get_kind_display()}）涉及贵校备案开设的专业 "
                f"{program.code} {program.name}。{then}已在校学生按原专业培养至毕业。",
                url=reverse("schools_offering:index"),
            )


def follow_adjustments(sender, adjustments, **kwargs):
    for adjustment in adjustments:
        notify_schools(adjustment)
