"""Pages of the standards section, their typed course data, published versions, program groups and the review tasks."""

from .courses import IntegratedCourse, ProgramCourse, TypicalWorkTask
from .groups import ProgramGroup
from .pages import (
    CourseStandardPage,
    StandardsIndexPage,
    TrainingStandardPage,
    VersionedStandardPage,
)
from .versions import StandardVersion
from .workflows import ApprovalTaskState, CommitteeReviewTask, StandardApprovalTask

__all__ = [
    "ApprovalTaskState",
    "CommitteeReviewTask",
    "CourseStandardPage",
    "IntegratedCourse",
    "ProgramCourse",
    "ProgramGroup",
    "StandardApprovalTask",
    "StandardVersion",
    "StandardsIndexPage",
    "TrainingStandardPage",
    "TypicalWorkTask",
    "VersionedStandardPage",
]
