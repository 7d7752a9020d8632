"""Flagging textbooks when the curriculum they serve changes, and telling their publishers once per change.

A new standard version flags the textbooks of each course it renames, removes or re-times; an approved
catalogue adjustment flags the textbooks of each program it renames, upgrades, merges, splits or retires, and a
program that leaves the catalogue hands its textbooks to its successors. Each flag says what changed; it stays
open until the publisher or staff clears it with a note.
"""

from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Adjustment, Program
from cms.users.roles import PUBLISHERS, holders

from ..models import CurriculumFlag, ReviewStage, Textbook
from ..review.notifications import notify

# Closed applications are not touched by a change: nothing will be published from them.
CLOSED_STAGES = [ReviewStage.REJECTED, ReviewStage.WITHDRAWN]


class FlagError(Exception):
    pass


def affected_by_standard(program, changes):
    """{textbook: [change lines]} for the textbooks of the courses a standard version changes."""
    touched = {change.code: change for change in changes if change.touches_existing}
    if not touched:
        return {}
    textbooks = (
        Textbook.objects.filter(courses__program=program, courses__code__in=touched)
        .exclude(review_stage__in=CLOSED_STAGES)
        .select_related("publisher")
        .prefetch_related("courses")
        .distinct()
        .order_by("isbn")
    )
    return {
        textbook: [
            touched[course.code].describe()
            for course in textbook.courses.all()
            if course.program_id == program.pk and course.code in touched
        ]
        for textbook in textbooks
    }


def adjustment_change(adjustment):
    """One line saying what the adjustment does, for flags and the approval screen."""
    olds = "、".join(str(program) for program in adjustment.old_programs.all())
    news = "、".join(f"{target.name}（{target.code}）" for target in adjustment.targets.all())
    text = f"专业目录调整 {adjustment.reference}（{adjustment.get_kind_display()}）：{olds}"
    return text + (f" → {news}" if news else "")


def affected_by_adjustment(adjustment):
    """{textbook: program} for the textbooks of the programs the adjustment changes (not a plain addition)."""
    if adjustment.kind == Adjustment.Kind.ADD:
        return {}
    return {
        textbook: program
        for program in adjustment.old_programs.all()
        for textbook in program.textbooks.exclude(review_stage__in=CLOSED_STAGES).select_related("publisher")
    }


@transaction.atomic
def flag_standard_version(page, version, changes):
    affected = affected_by_standard(page.program, changes)
    title = f"需对照新版标准复核（v{version.number}）"
    flags = []
    for textbook, lines in affected.items():
        flag, created = CurriculumFlag.objects.get_or_create(
            textbook=textbook,
            standard_version=version,
            defaults={"program": page.program, "title": title, "changes": lines},
        )
        if created:
            flags.append(flag)
    _notify_publishers(flags, f"{page.program}培养标准 v{version.number} 已发布")
    return flags


@transaction.atomic
def flag_adjustment(adjustment):
    """Flag the textbooks of the programs an approved adjustment changed; successors inherit the textbooks."""
    line = adjustment_change(adjustment)
    flags = []
    for textbook, program in affected_by_adjustment(adjustment).items():
        program.refresh_from_db()
        successors = list(program.successors()) if program.status == Program.Status.RETIRED else []
        for successor in successors:
            Textbook.programs.through.objects.get_or_create(textbook=textbook, program=successor)
        changes = [line] + (
            [f"教材适用专业已转入：{'、'.join(str(s) for s in successors)}"] if successors else []
        )
        flag, created = CurriculumFlag.objects.get_or_create(
            textbook=textbook,
            adjustment=adjustment,
            defaults={
                "program": program,
                "title": f"需对照专业目录调整复核（{adjustment.get_kind_display()}）",
                "changes": changes,
            },
        )
        if created:
            flags.append(flag)
    _notify_publishers(flags, f"专业目录调整 {adjustment.reference} 已生效")
    return flags


def _notify_publishers(flags, what):
    """One message per publisher for this change, listing its textbooks to review."""
    by_publisher = defaultdict(list)
    for flag in flags:
        by_publisher[flag.textbook.publisher_id].append(flag)
    url = reverse("textbook_review:flags")
    for publisher_id, own in by_publisher.items():
        lines = [
            f"《{flag.textbook.title}》（{flag.textbook.isbn}）：{'；'.join(flag.changes)}" for flag in own
        ]
        notify(
            holders(PUBLISHERS).filter(organisation_id=publisher_id),
            f"{what}：{len(own)} 种教材需复核",
            "\n".join(lines),
            url=url,
        )


def clear_flag(flag, user, note):
    note = (note or "").strip()
    if not note:
        raise FlagError("请填写处理说明（如何对照新版要求复核了教材）。")
    with transaction.atomic():
        flag = CurriculumFlag.objects.select_for_update().get(pk=flag.pk)
        if not flag.is_open:
            raise FlagError("该复核提示已经处理。")
        flag.cleared_at = timezone.now()
        flag.cleared_by = user
        flag.clear_note = note
        flag.save()
    return flag
