"""Comparing two catalogue editions: which codes arrived, left and were renamed, and by which adjustment."""

from dataclasses import dataclass, field

from .models import Adjustment
from .versioning import programs_as_of

Kind = Adjustment.Kind

ARRIVAL_LABELS = {
    Kind.ADD: "新增",
    Kind.MERGE: "合并新设",
    Kind.SPLIT: "拆分新设",
    Kind.UPGRADE: "升级改造新设",
}
DEPARTURE_LABELS = {
    Kind.RETIRE: "撤销",
    Kind.MERGE: "合并撤出",
    Kind.SPLIT: "拆分撤出",
    Kind.UPGRADE: "升级改造撤出",
}
IN_PLACE_LABELS = {
    Kind.RENAME: "更名",
    Kind.UPGRADE: "升级改造",
    Kind.MERGE: "合并（保留代码）",
    Kind.SPLIT: "拆分（保留代码）",
}


@dataclass(frozen=True)
class DiffRow:
    change: str
    old_code: str = ""
    old_name: str = ""
    new_code: str = ""
    new_name: str = ""
    reference: str = ""
    note: str = ""

    def as_list(self):
        return [
            self.change,
            self.old_code,
            self.old_name,
            self.new_code,
            self.new_name,
            self.reference,
            self.note,
        ]


DIFF_HEADER = ["变化", "原专业代码", "原专业名称", "新专业代码", "新专业名称", "调整编号", "说明"]


@dataclass
class EditionDiff:
    old: object
    new: object
    added: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    renamed: list = field(default_factory=list)
    rows: list = field(default_factory=list)


def diff_editions(old, new):
    before, after = programs_as_of(old), programs_as_of(new)
    diff = EditionDiff(old=old, new=new)
    diff.added = sorted(set(after) - set(before))
    diff.retired = sorted(set(before) - set(after))
    diff.renamed = sorted(
        code for code in set(before) & set(after) if before[code]["name"] != after[code]["name"]
    )
    touching = _adjustments_between(old, new)
    diff.rows = (
        [_departure(code, before[code], touching, after) for code in diff.retired]
        + [_renaming(code, before[code], after[code], touching) for code in diff.renamed]
        + [_arrival(code, after[code], touching) for code in diff.added]
    )
    return diff


def _adjustments_between(old, new):
    """Adjustments in effect (approved and published) taking effect after `old` and up to `new`, by the codes
    they touch; approvals still waiting in the draft edition explain nothing yet."""
    low, high = sorted([old.effective_date, new.effective_date])
    adjustments = (
        Adjustment.objects.in_effect()
        .filter(effective_date__gt=low, effective_date__lte=high)
        .prefetch_related("old_programs", "targets")
        .order_by("effective_date", "reference")
    )
    by_old, by_new = {}, {}
    for adjustment in adjustments:
        for program in adjustment.old_programs.all():
            by_old[program.code] = adjustment
        for target in adjustment.targets.all():
            by_new[target.code] = adjustment
    return {"old": by_old, "new": by_new}


def _codes_and_names(entries):
    return "、".join(f"{code} {name}" for code, name in entries)


def _departure(code, entry, touching, after):
    adjustment = touching["old"].get(code)
    if adjustment is None:
        return DiffRow("撤出", old_code=code, old_name=entry["name"])
    successors = [(c, n) for c, n in adjustment.new_entries if c in after]
    note = f"由 {_codes_and_names(successors)} 承接" if successors else adjustment.rationale
    return DiffRow(
        DEPARTURE_LABELS.get(adjustment.kind, "撤出"),
        old_code=code,
        old_name=entry["name"],
        reference=adjustment.reference,
        note=note,
    )


def _renaming(code, before, after, touching):
    adjustment = touching["new"].get(code) or touching["old"].get(code)
    label = IN_PLACE_LABELS.get(adjustment.kind, "更名") if adjustment else "更名"
    return DiffRow(
        label,
        old_code=code,
        old_name=before["name"],
        new_code=code,
        new_name=after["name"],
        reference=adjustment.reference if adjustment else "",
        note=adjustment.rationale if adjustment else "",
    )


def _arrival(code, entry, touching):
    adjustment = touching["new"].get(code)
    if adjustment is None:
        return DiffRow("新增", new_code=code, new_name=entry["name"])
    sources = [(p.code, p.name) for p in adjustment.old_programs.all()]
    note = f"来自 {_codes_and_names(sources)}" if sources else adjustment.rationale
    return DiffRow(
        ARRIVAL_LABELS.get(adjustment.kind, "新增"),
        new_code=code,
        new_name=entry["name"],
        reference=adjustment.reference,
        note=note,
    )
