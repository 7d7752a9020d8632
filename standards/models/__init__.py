"""Pages of the standards section, their typed course data, published versions and the review tasks."""

from .courses import IntegratedCourse, TypicalWorkTask
from .pages import SECTIONS, CourseStandardPage, StandardsIndexPage, TrainingStandardPage
from .versions import StandardVersion
from .workflows import ApprovalTaskState, CommitteeReviewTask, StandardApprovalTask

__all__ = [
    "SECTIONS",
    "ApprovalTaskState",
    "CommitteeReviewTask",
    "CourseStandardPage",
    "IntegratedCourse",
    "StandardApprovalTask",
    "StandardVersion",
    "StandardsIndexPage",
    "TrainingStandardPage",
    "TypicalWorkTask",
]
