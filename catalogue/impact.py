"""What a change of the curriculum touches, shown to the approver before approving it.

The program register cannot know what hangs on its programs (textbooks live in an app that depends on it), so
the apps that can answer register a Wagtail hook, `curriculum_change_impact(subject, changes)`, returning a list
of `Impact`s; the subject is an Adjustment or a draft TrainingStandardPage, `changes` the course changes of a
standard (None for an adjustment).
"""

from dataclasses import dataclass, field

from wagtail import hooks

HOOK = "curriculum_change_impact"


@dataclass
class Impact:
    heading: str
    rows: list = field(
        default_factory=list
    )  # textbooks: (title, isbn, publisher, stage, [what changed for it])
    publishers: list = field(default_factory=list)
    open_applications: int = 0
    empty_text: str = "没有受影响的教材。"
    kind: str = "textbooks"  # or "schools": rows are (school, province, program, levels)


def change_impacts(subject, changes=None):
    impacts = []
    for answer in hooks.get_hooks(HOOK):
        impacts += answer(subject, changes) or []
    return impacts
