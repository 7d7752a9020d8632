"""The application's progress line (申报进度): the main path as steps, done / current / to come.

The stages off the main path are shown on the step they return to or end at, with a note: a returned or
withdrawn application is back with the publisher (填写申报), a rejected one ended at the committee. Rounds are
not part of the line: a publisher reads where the application is, not a counter that starts at 0.
"""

from ..models import ReviewStage

S = ReviewStage

MAIN_PATH = [
    (S.DRAFT, "填写申报"),
    (S.SUBMITTED, "形式审查"),
    (S.EXPERT_REVIEW, "专家评审"),
    (S.COMMITTEE, "委员会审定"),
    (S.NOTICE, "公示"),
    (S.LISTED, "列入目录"),
]

#: stage off the main path → (the step it is shown on, the note shown with it)
DETOURS = {
    S.RETURNED: (S.DRAFT, "已退回修改，请修改后重新提交"),
    S.WITHDRAWN: (S.DRAFT, "已撤回，可修改后重新提交"),
    S.REJECTED: (S.COMMITTEE, "委员会审定未通过"),
}


def progress_line(stage):
    """The steps as dicts (label, state: "done" / "current" / "todo") and the note for a detour ("" if none)."""
    at, note = DETOURS.get(stage, (stage, ""))
    index = [step for step, _ in MAIN_PATH].index(at)
    finished = stage == S.LISTED
    steps = [
        {
            "label": label,
            "state": "done" if i < index or finished else "current" if i == index else "todo",
        }
        for i, (_, label) in enumerate(MAIN_PATH)
    ]
    return steps, note
