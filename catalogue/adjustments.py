"""Dynamic adjustment (动态调整): the rules each kind must satisfy, and applying approved ones atomically.

In the admin an approval only joins the one draft edition; publishing that edition applies its whole batch to the
register in one revision. The import command's `--approve` applies its batch at once as a published edition.

A batch is checked against a simulated register (`RegisterState`) before anything is written, so a proposal
that depends on an earlier one in the same batch (say, a merge naming a program the batch already retired) is
judged against the register as it will be, and a bad batch writes nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

import reversion
from reversion.models import Version

from .models import Adjustment, AdjustmentTarget, Category, Edition, Program, Sector, Succession

Kind = Adjustment.Kind

# Sent inside the transaction that applies adjustments to the register (publishing an edition, or a batch
# approved at once) with sender=Adjustment, adjustments, user: whatever hangs on programs (textbooks, school
# offerings) follows them in the same transaction, when the change takes effect.
adjustments_applied = Signal()

# Only one draft edition exists at a time; it gets its real name when it is published.
DRAFT_EDITION_NAME = "下一版（待发布）"


class AdjustmentError(Exception):
    """Raised with the list of problems when an adjustment cannot be applied."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("；".join(p.message for p in problems))


@dataclass(frozen=True)
class Problem:
    message: str
    column: str | None = None


@dataclass
class Proposal:
    """What an adjustment asks for, independent of where it came from (a CSV row or an admin form)."""

    reference: str
    kind: str
    old_codes: list[str]
    new_entries: list[tuple[str, str]]
    effective_date: date | None = None
    rationale: str = ""
    evidence: str = ""

    @classmethod
    def from_adjustment(cls, adjustment):
        return cls(
            reference=adjustment.reference,
            kind=adjustment.kind,
            old_codes=adjustment.old_codes,
            new_entries=adjustment.new_entries,
            effective_date=adjustment.effective_date,
            rationale=adjustment.rationale,
            evidence=adjustment.evidence,
        )

    @property
    def new_codes(self):
        return [code for code, _ in self.new_entries]

    def kept_codes(self):
        """New codes that are also old codes: those programs keep their identity."""
        return [code for code in self.new_codes if code in self.old_codes]


@dataclass
class RegisterState:
    """Codes known to the register: name and whether in force; plus the category codes that exist."""

    programs: dict[str, dict] = field(default_factory=dict)
    category_codes: set[str] = field(default_factory=set)

    @classmethod
    def from_database(cls):
        programs = {
            code: {"name": name, "in_force": status == Program.Status.IN_FORCE}
            for code, name, status in Program.objects.values_list("code", "name", "status")
        }
        return cls(programs=programs, category_codes=set(Category.objects.values_list("code", flat=True)))

    def check(self, proposal):
        """Every problem with the proposal against this state, each tagged with the column it concerns."""
        problems = list(_shape_problems(proposal))
        if problems:
            return problems
        problems += self._old_code_problems(proposal)
        problems += self._new_code_problems(proposal)
        return problems

    def apply(self, proposal):
        """Advance the simulated register as if the proposal had been applied."""
        kept = set(proposal.kept_codes())
        for code in proposal.old_codes:
            if code not in kept:
                self.programs[code]["in_force"] = False
        for code, name in proposal.new_entries:
            self.programs[code] = {"name": name, "in_force": True}

    def _old_code_problems(self, proposal):
        problems = []
        for code in proposal.old_codes:
            known = self.programs.get(code)
            if known is None:
                problems.append(Problem(f"原专业代码 {code} 不存在", "old_codes"))
            elif not known["in_force"]:
                problems.append(
                    Problem(f"{_kind_label(proposal)}所列专业 {code}（{known['name']}）已撤销", "old_codes")
                )
        return problems

    def _new_code_problems(self, proposal):
        problems = []
        for code, name in proposal.new_entries:
            if code[:2] not in self.category_codes:
                problems.append(Problem(f"新专业代码 {code} 的前两位 {code[:2]} 不是已有的专业大类", "new"))
            if code in proposal.old_codes:
                if proposal.kind == Kind.RENAME and self.programs.get(code, {}).get("name") == name:
                    problems.append(Problem(f"更名后的名称与原名称“{name}”相同", "new"))
                continue
            known = self.programs.get(code)
            if known is not None:
                problems.append(
                    Problem(
                        f"专业代码 {code} 已被“{known['name']}”使用，新设专业须使用未用过的代码",
                        "new",
                    )
                )
        return problems


def _kind_label(proposal):
    return Kind(proposal.kind).label


def _shape_problems(proposal):
    """Counts and shapes each kind requires, before looking at the register."""
    olds, news = proposal.old_codes, proposal.new_codes
    label = _kind_label(proposal) if proposal.kind in Kind.values else None
    if label is None:
        yield Problem(f"调整类型“{proposal.kind}”无效，应为 新增/更名/升级改造/合并/拆分/撤销 之一", "type")
        return
    if not proposal.rationale.strip():
        yield Problem("调整理由不能为空", "rationale")
    if len(set(olds)) != len(olds):
        yield Problem("原专业代码有重复", "old_codes")
    if len(set(news)) != len(news):
        yield Problem("新专业代码有重复", "new")
    for code, name in proposal.new_entries:
        if not (len(code) == 4 and code.isdigit()):
            yield Problem(f"新专业代码“{code}”应为 4 位数字", "new")
        if not name.strip():
            yield Problem(f"新专业 {code} 缺少名称", "new")
    yield from _count_problems(proposal.kind, label, olds, news)


# kind -> (old codes: (min, max), new entries: (min, max)); None means no upper bound.
_COUNTS = {
    Kind.ADD: ((0, 0), (1, None)),
    Kind.RENAME: ((1, 1), (1, 1)),
    Kind.UPGRADE: ((1, 1), (1, 1)),
    Kind.MERGE: ((2, None), (1, 1)),
    Kind.SPLIT: ((1, 1), (2, None)),
    Kind.RETIRE: ((1, None), (0, 0)),
}


def _count_problems(kind, label, olds, news):
    (old_min, old_max), (new_min, new_max) = _COUNTS[Kind(kind)]
    if not _within(len(olds), old_min, old_max):
        yield Problem(_count_message(label, "原专业代码", len(olds), old_min, old_max), "old_codes")
    if not _within(len(news), new_min, new_max):
        yield Problem(_count_message(label, "新专业", len(news), new_min, new_max), "new")
    if kind == Kind.RENAME and olds and news and olds[0] != news[0]:
        yield Problem(f"更名须保持专业代码不变（原 {olds[0]}，新 {news[0]}）", "new")
    if kind == Kind.SPLIT and olds and len([c for c in news if c in olds]) > 1:
        yield Problem("拆分后至多一个专业沿用原代码", "new")


def _within(count, low, high):
    return count >= low and (high is None or count <= high)


def _count_message(label, what, count, low, high):
    if high == 0:
        return f"{label}不应填写{what}（实际 {count} 个）"
    if high is None:
        return f"{label}须填写至少 {low} 个{what}，实际 {count} 个"
    return f"{label}须填写 {low} 个{what}，实际 {count} 个"


def check_batch(proposals, state=None):
    """Problems per proposal index for a batch applied in order; empty when the whole batch is valid."""
    state = state or RegisterState.from_database()
    problems = {}
    for index, proposal in enumerate(proposals):
        found = state.check(proposal)
        if found:
            problems[index] = found
        else:
            state.apply(proposal)
    return problems


# --- applying to the database -------------------------------------------------------------------------------


def approve(adjustments, user=None, edition_name=None, comment=""):
    """Approve and apply a batch at once as one revision, publishing the edition it leads to.

    This is the import command's `--approve`: a batch decided outside the admin comes in as a published edition.
    All or nothing: any problem raises AdjustmentError and leaves the register as it was.
    """
    adjustments = list(adjustments)
    with transaction.atomic():
        _refuse_decided(adjustments)
        name = edition_name or _default_edition_name(adjustments)
        if Edition.objects.filter(name=name, status=Edition.Status.DRAFT).exists():
            raise AdjustmentError(
                [Problem(f"目录版本“{name}”尚未发布，不能直接写入；请在管理后台发布该版本")]
            )
        _check_against_register(adjustments)
        refs = "、".join(a.reference for a in adjustments)
        revision = _write_batch(adjustments, user, comment or f"批准动态调整 {refs}", decide=True)
        edition = close_edition(name, adjustments, revision)
        adjustments_applied.send(sender=Adjustment, adjustments=adjustments, user=user)
    return edition


def approve_for_next_edition(adjustment, user):
    """Approve one proposal into the next, unpublished edition (created on demand); the register is unchanged.

    The proposal is judged against the register plus the approvals already waiting in that edition, in the order
    they were approved, so the edition can always be published as a whole.
    """
    with transaction.atomic():
        _refuse_decided([adjustment])
        if adjustment.proposed_by_id is not None and adjustment.proposed_by_id == user.pk:
            raise AdjustmentError([Problem(f"调整 {adjustment.reference} 由您本人提出，须由其他管理员审批")])
        problems = completeness_problems(adjustment) + _superseded_problems([adjustment])
        if problems:
            raise AdjustmentError(problems)
        edition = draft_edition(adjustment.effective_date)
        problems = pending_state(edition).check(Proposal.from_adjustment(adjustment))
        if problems:
            raise AdjustmentError(problems)
        with reversion.create_revision():
            _decide(adjustment, user)
            adjustment.edition = edition
            adjustment.save()
            reversion.set_user(user)
            reversion.set_comment(f"批准动态调整 {adjustment.reference}，待目录版本发布后生效")
        _extend_draft(edition, adjustment.effective_date)
    return edition


def publish_edition(edition, user, name, effective_date, notes):
    """Apply every approval waiting in the draft edition as one revision and put the edition in force.

    Whatever hangs on programs (textbooks, school offerings) hears `adjustments_applied` now, when the change
    takes effect, inside the same transaction.
    """
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if not edition.is_draft:
            raise AdjustmentError([Problem(f"目录版本“{edition.name}”已经发布，不能重复发布")])
        if Edition.objects.exclude(pk=edition.pk).filter(name=name).exists():
            raise AdjustmentError([Problem(f"版本名称“{name}”已被其他目录版本使用")])
        adjustments = list(edition.adjustments.order_by("decided_at", "pk"))
        if not adjustments:
            raise AdjustmentError([Problem("该版本还没有已批准的动态调整，无需发布")])
        _check_against_register(adjustments)
        revision = _write_batch(adjustments, user, f"发布目录版本 {name}", decide=False)
        edition.name, edition.effective_date, edition.notes = name, effective_date, notes
        edition.status, edition.revision = Edition.Status.PUBLISHED, revision
        edition.published_at, edition.published_by = timezone.now(), user
        edition.save()
        edition.programs.set(Program.objects.in_force())
        adjustments_applied.send(sender=Adjustment, adjustments=adjustments, user=user)
    return edition


def draft_edition(effective_date=None):
    """The one draft edition, locked for this transaction; made on demand when an approval needs it."""
    edition = Edition.objects.select_for_update().filter(status=Edition.Status.DRAFT).first()
    if edition is None:
        edition = Edition.objects.create(
            name=DRAFT_EDITION_NAME,
            status=Edition.Status.DRAFT,
            effective_date=effective_date or timezone.localdate(),
        )
    return edition


def _extend_draft(edition, effective_date):
    if effective_date > edition.effective_date:
        edition.effective_date = effective_date
        edition.save(update_fields=["effective_date"])


def pending_state(edition):
    """The register as it will be once the draft edition's approvals are applied."""
    state = RegisterState.from_database()
    for adjustment in edition.adjustments.order_by("decided_at", "pk"):
        state.apply(Proposal.from_adjustment(adjustment))
    return state


def completeness_problems(adjustment):
    """What a new program's public page needs and an addition (新增) lacks, one message per missing field."""
    if adjustment.kind != Kind.ADD:
        return []
    problems = []
    if not adjustment.rationale.strip():
        problems.append(Problem("调整理由不能为空", "rationale"))
    if not adjustment.evidence.strip():
        problems.append(Problem("新增专业须提供佐证材料", "evidence"))
    for target in adjustment.targets.all():
        missing = [label for label, absent in _target_gaps(target) if absent]
        problems += [Problem(f"新专业 {target.code}（{target.name}）缺少{label}", "new") for label in missing]
    return problems


def _target_gaps(target):
    return [
        ("培养层次", not target.levels),
        ("对应职业（工种）", not target.occupation_list),
        ("产业类型", not target.sector),
        ("专业简介", not target.description.strip()),
    ]


def _refuse_decided(adjustments):
    locked = Adjustment.objects.select_for_update().filter(pk__in=[a.pk for a in adjustments])
    already = [a.reference for a in locked if a.status == Adjustment.Status.APPROVED]
    if already:
        raise AdjustmentError([Problem(f"调整 {', '.join(sorted(already))} 已经批准，不能重复应用")])


def _check_against_register(adjustments):
    _lock_programs(adjustments)
    stale = _superseded_problems(adjustments)
    if stale:
        raise AdjustmentError(stale)
    problems = check_batch([Proposal.from_adjustment(a) for a in adjustments])
    if problems:
        raise AdjustmentError([p for found in problems.values() for p in found])


def _write_batch(adjustments, user, comment, decide):
    """Apply the adjustments to the register in one revision and return it."""
    with reversion.create_revision():
        for adjustment in adjustments:
            _apply(adjustment)
            if decide:
                _decide(adjustment, user)
            adjustment.save()
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
    return Version.objects.get_for_object(adjustments[-1]).first().revision


def _decide(adjustment, user):
    adjustment.status = Adjustment.Status.APPROVED
    adjustment.decided_by = user if user and user.is_authenticated else None
    adjustment.decided_at = timezone.now()


def _lock_programs(adjustments):
    """Hold the rows of every program the adjustments change until the approval commits.

    Two approvals touching one program then run one after the other (in code order, so they cannot deadlock),
    and the second checks the register as the first left it. SQLite serialises writers on the whole database.
    """
    codes = sorted({code for adjustment in adjustments for code in adjustment.old_codes})
    list(Program.objects.select_for_update().filter(code__in=codes).order_by("code").values_list("pk"))


def drafted_at(adjustment):
    """When the proposal was last written (its latest recorded version, else its creation)."""
    version = Version.objects.get_for_object(adjustment).order_by("-revision__date_created").first()
    return max(adjustment.created_at, version.revision.date_created) if version else adjustment.created_at


def _superseded_problems(adjustments):
    """A proposal is judged against the register it was written for: if another approval changed one of its
    programs since, approving it as it stands could silently combine two decisions (a rename lost under a
    retirement), so it is refused until its proposer checks it against the register as it now is."""
    batch = {a.pk for a in adjustments}
    problems = []
    for adjustment in adjustments:
        since = drafted_at(adjustment)
        codes = adjustment.old_codes
        later = (
            Adjustment.objects.filter(status=Adjustment.Status.APPROVED, decided_at__gt=since)
            .filter(old_programs__code__in=codes)
            .exclude(pk__in=batch)
            .distinct()
            .order_by("decided_at")
        )
        for other in later:
            touched = "、".join(code for code in other.old_codes if code in codes)
            problems.append(
                Problem(
                    f"调整 {adjustment.reference} 提交后，专业 {touched} 已由调整 {other.reference}"
                    f"（{other.get_kind_display()}）于 {timezone.localtime(other.decided_at):%Y-%m-%d %H:%M} 改变；"
                    "请按现行目录核对并重新提交后再审批",
                    "old_codes",
                )
            )
    return problems


def reject(adjustment, user, note):
    """Send a proposal back with the approver's note, recorded as its own revision."""
    with transaction.atomic(), reversion.create_revision():
        adjustment.status = Adjustment.Status.REJECTED
        adjustment.decided_by = user
        adjustment.decided_at = timezone.now()
        adjustment.decision_note = note
        adjustment.save()
        reversion.set_user(user)
        reversion.set_comment(f"退回动态调整 {adjustment.reference}")


def reopen_if_rejected(adjustment):
    """A rejected proposal that is edited is submitted again; the rejection stays in the recorded versions.

    Changes the instance only: the caller saves it inside its own revision.
    """
    if adjustment.status == Adjustment.Status.REJECTED:
        adjustment.status = Adjustment.Status.SUBMITTED
        adjustment.decided_by, adjustment.decided_at, adjustment.decision_note = None, None, ""


def _default_edition_name(adjustments):
    return str(max(a.effective_date for a in adjustments).year)


def close_edition(name, adjustments, revision):
    """Create or update the named edition: the programs in force now, pinned to `revision`."""
    effective = max(a.effective_date for a in adjustments)
    edition, _ = Edition.objects.get_or_create(name=name, defaults={"effective_date": effective})
    edition.effective_date = max(edition.effective_date, effective)
    edition.revision = revision
    edition.published_at = edition.published_at or timezone.now()
    edition.save()
    edition.programs.set(Program.objects.in_force())
    Adjustment.objects.filter(pk__in=[a.pk for a in adjustments]).update(edition=edition)
    return edition


def _apply(adjustment):
    olds = {p.code: p for p in adjustment.old_programs.all()}
    results = [_realise(target, olds) for target in adjustment.targets.all()]
    kept = {p.code for p in results}
    for code, program in olds.items():
        if code in kept:
            continue
        program.status = Program.Status.RETIRED
        program.retired_on = adjustment.effective_date
        program.retirement_reason = adjustment.rationale
        program.save()
        for successor in results:
            Succession.objects.get_or_create(
                predecessor=program,
                successor=successor,
                defaults={"adjustment": adjustment, "equivalent": adjustment.successors_equivalent},
            )
    if adjustment.kind == Kind.UPGRADE:
        for program in results:
            program.sector = Sector.UPGRADED
            program.save()


def _realise(target: AdjustmentTarget, olds):
    """The program a target names: an old one renamed in place, or a new one inheriting from the olds."""
    if target.code in olds:
        program = olds[target.code]
        if program.name != target.name:
            program.name = target.name
            program.save()
        return program
    program = Program(
        code=target.code,
        name=target.name,
        category=Category.objects.get(code=target.code[:2]),
        since=target.adjustment.effective_date.year,
        sector=Sector.EMERGING if target.adjustment.kind == Kind.ADD else Sector.REGULAR,
    )
    _inherit(program, list(olds.values()))
    if target.adjustment.kind == Kind.ADD:
        _describe(program, target)
    program.save()
    return program


def _describe(program, target):
    """An addition inherits nothing: the new program starts from what the proposal says about it."""
    if target.levels:
        program.set_levels(target.levels)
    if target.occupation_list:
        program.occupations = target.occupation_list
    if target.sector:
        program.sector = target.sector
    if target.description.strip():
        program.description = target.description.strip()


def _inherit(program, predecessors):
    """A program made from others offers their levels and serves their occupations."""
    levels = {level for p in predecessors for level in p.levels}
    program.set_levels(levels)
    occupations = []
    for p in predecessors:
        occupations += [o for o in p.occupations if o not in occupations]
    program.occupations = occupations
