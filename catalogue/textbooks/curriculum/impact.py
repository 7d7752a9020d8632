"""The textbooks an approval would flag, for the approval screens (the `curriculum_change_impact` hook)."""

from catalogue.impact import Impact
from catalogue.models import Adjustment
from standards.models import TrainingStandardPage

from ..models import ListingStatus
from .flags import adjustment_change, affected_by_adjustment, affected_by_standard


def _impact(heading, affected):
    """`affected`: {textbook: [lines]}."""
    rows = [
        (t.title, t.isbn, t.publisher.name, t.get_listing_status_display(), lines)
        for t, lines in affected.items()
    ]
    publishers = sorted({t.publisher.name for t in affected})
    open_applications = sum(1 for t in affected if t.listing_status == ListingStatus.IN_REVIEW)
    return Impact(heading, rows, publishers, open_applications)


def textbook_impact(subject, changes):
    if isinstance(subject, Adjustment):
        line = adjustment_change(subject)
        affected = {textbook: [line] for textbook in affected_by_adjustment(subject)}
        impact = _impact("受影响的教材（原专业的教材）", affected)
        if subject.kind == Adjustment.Kind.ADD:
            impact.empty_text = "新增专业不影响已有教材。"
        return [impact]
    if isinstance(subject, TrainingStandardPage) and changes is not None:
        return [
            _impact(
                "受影响的教材（更名、删除或调整学时的课程的教材）",
                affected_by_standard(subject.program, changes),
            )
        ]
    return []
