"""Every state transition of the review path, in one place, with the allowed moves spelt out in TRANSITIONS.

Why not Wagtail workflow Tasks: a Wagtail task is one approve/reject decision by one group on one revision,
while this path needs several independent reviewers per round with their own accept/decline and scores, a
committee decision that can open a new round, and a public notice whose outcome depends on objections filed by
anonymous visitors. Modelling those as TaskStates would hide the real records (assignments, scores, decisions,
objections) behind generic task states and still need all of this code. So the Textbook snippet keeps
Wagtail's drafts, revisions, locking and publishing (listing a title publishes its latest revision), and the
review steps are explicit records here; `Textbook.review_stage` changes only through `_move`.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cms.users.roles import REVIEWERS, has_role, holders

from ..curriculum.links import is_integrated
from ..models import (
    CommitteeDecision,
    ConflictDeclaration,
    CriteriaSet,
    Objection,
    PublicNotice,
    ReviewAction,
    ReviewAssignment,
    ReviewEvent,
    ReviewScore,
    ReviewStage,
    Textbook,
)
from . import limits, notifications, scope, tasks
from .criteria import weighted_total

S = ReviewStage
A = ReviewAction

#: action → (stages it may start from, stage it leads to)
TRANSITIONS = {
    A.SUBMIT: ({S.DRAFT, S.RETURNED, S.WITHDRAWN}, S.SUBMITTED),
    A.WITHDRAW: ({S.SUBMITTED, S.RETURNED, S.EXPERT_REVIEW, S.COMMITTEE}, S.WITHDRAWN),
    A.RETURN_FOR_REVISION: ({S.SUBMITTED}, S.RETURNED),
    A.PASS_FORMAT_CHECK: ({S.SUBMITTED}, S.EXPERT_REVIEW),
    A.SEND_TO_COMMITTEE: ({S.EXPERT_REVIEW}, S.COMMITTEE),
    A.APPROVE: ({S.COMMITTEE}, S.NOTICE),
    A.REJECT: ({S.COMMITTEE}, S.REJECTED),
    A.REQUEST_REVISION: ({S.COMMITTEE}, S.RETURNED),
    A.LIST: ({S.NOTICE}, S.LISTED),
    A.RECONSIDER: ({S.NOTICE}, S.COMMITTEE),
}


class ReviewError(Exception):
    """A refused step; `problems` are Chinese sentences for the user."""

    def __init__(self, *problems):
        self.problems = list(problems)
        super().__init__("；".join(self.problems))


def allowed_actions(textbook):
    return [action for action, (sources, _) in TRANSITIONS.items() if textbook.review_stage in sources]


def record(textbook, action, user=None, reason="", from_stage="", to_stage="", **data):
    return ReviewEvent.objects.create(
        textbook=textbook,
        round=textbook.review_round,
        action=action,
        from_stage=from_stage,
        to_stage=to_stage,
        actor=user if user is not None and user.is_authenticated else None,
        reason=reason,
        data=data,
    )


def _lock(textbook):
    """Hold the application's row until the transaction ends and re-read its stage and round under the lock.

    Every service that reads state and then writes takes this lock first (assignment, notice and objection
    steps included, always the textbook row and always first), so two requests on one title run one after the
    other and the second sees what the first did: a transition happens once, a score is stored once.
    SQLite has no row locks; it serialises writers on the whole database instead.
    """
    locked = (
        type(textbook).objects.select_for_update().only("review_stage", "review_round").get(pk=textbook.pk)
    )
    textbook.review_stage = locked.review_stage
    textbook.review_round = locked.review_round
    return textbook


def _refuse_party(textbook, user):
    """Separation of duties: nobody on the submitting side takes an approval step of the title (scope.is_party)."""
    if user is not None and scope.is_party(user, textbook):
        raise ReviewError("您所在的出版社申报了该教材（或您本人提交了申报），须回避，不能办理本环节。")


def _move(textbook, action, user, reason="", **data):
    """The only writer of review_stage: refuse moves not in TRANSITIONS, record every one that happens."""
    sources, target = TRANSITIONS[action]
    current = textbook.review_stage
    if current not in sources:
        raise ReviewError(f"“{ReviewStage(current).label}”阶段的申报不能{ReviewAction(action).label}。")
    textbook.review_stage = target
    type(textbook).objects.filter(pk=textbook.pk).update(
        review_stage=target,
        review_round=textbook.review_round,
        updated_at=timezone.now(),
    )
    return record(textbook, action, user, reason, current, target, **data)


# --- publisher ------------------------------------------------------------------------------------------------


def submission_problems(textbook):
    problems = []
    if not textbook.sample_file:
        problems.append("请上传样章（PDF）。")
    if not textbook.toc_file:
        problems.append("请上传目录（PDF）。")
    if not textbook.kind or not textbook.level:
        problems.append("请填写教材类型和培养层次。")
    if textbook.previous_edition_id and not textbook.changes.exists():
        problems.append("修订版须填写修订内容对照表。")
    problems += course_problems(textbook)
    return problems


def course_problems(textbook):
    """An integrated-course title names its course from the current standard of each program that has one."""
    if not is_integrated(textbook.kind):
        return []
    linked = {course.program_id for course in textbook.courses.all()}
    missing = [
        program
        for program in textbook.programs.all()
        if program.pk not in linked and program.curriculum_courses.filter(in_current_standard=True).exists()
    ]
    return [f"请从专业「{program}」现行培养标准中选择教材对应的一体化课程。" for program in missing]


def standard_versions_of(textbook):
    """The versions of the standards whose courses the title serves: what its review is held against."""
    return {
        course.last_version
        for course in textbook.courses.all()
        if course.in_current_standard and course.last_version
    }


@transaction.atomic
def submit(textbook, user, reason=""):
    _lock(textbook)
    problems = submission_problems(textbook)
    if problems:
        raise ReviewError(*problems)
    textbook.review_round = max(textbook.review_round, 1)
    versions = standard_versions_of(textbook)
    textbook.reviewed_against.set(versions)
    event = _move(textbook, "submit", user, reason, standard_versions=sorted(str(v) for v in versions))
    notifications.to_staff(textbook, f"新的教材申报待形式审查：《{textbook.title}》")
    return event


@transaction.atomic
def withdraw(textbook, user, reason):
    """Withdraw the application; reviewers still working on it are told, and their tasks are cancelled."""
    _lock(textbook)
    event = _move(textbook, "withdraw", user, _required(reason, "撤回理由"))
    pending = textbook.assignments.filter(status__in=ReviewAssignment.PENDING).select_related("reviewer")
    for assignment in pending:
        assignment.status = ReviewAssignment.Status.CANCELLED
        assignment.save(update_fields=["status"])
        notifications.to_reviewer(
            assignment,
            f"《{textbook.title}》已由出版社撤回申报，您的评审任务已取消",
            "该教材的评审已终止，无需再确认或评分。",
        )
    notifications.to_staff(textbook, f"出版社已撤回《{textbook.title}》的申报", reason)
    return event


# --- format check ---------------------------------------------------------------------------------------------


@transaction.atomic
def format_check(textbook, user, passed, reason=""):
    _lock(textbook)
    _refuse_party(textbook, user)
    if passed:
        event = _move(textbook, "pass_format_check", user, reason)
        notifications.to_publisher(textbook, f"《{textbook.title}》已通过形式审查，进入专家评审", reason)
    else:
        event = _move(textbook, "return_for_revision", user, _required(reason, "退回理由"))
        notifications.to_publisher(textbook, f"《{textbook.title}》形式审查未通过，已退回修改", reason)
    return event


# --- expert review --------------------------------------------------------------------------------------------


def reviewer_problems(textbook, reviewer):
    """Why this person may not review this title (empty when they may)."""
    name = str(reviewer)
    if not reviewer.is_active or not has_role(reviewer, REVIEWERS):
        return [f"{name}不是评审专家。"]
    problems = []
    if scope.is_party(reviewer, textbook):
        problems.append(f"{name}来自申报出版社或提交了本申报，须回避。")
    conflicts = ConflictDeclaration.objects.filter(reviewer=reviewer)
    if conflicts.filter(
        Q(textbook=textbook) | Q(isbn=textbook.isbn) | Q(organisation_id=textbook.publisher_id)
    ).exists():
        problems.append(f"{name}已声明与本教材或其出版社存在利益冲突。")
    if textbook.assignments.filter(
        round=textbook.review_round, reviewer=reviewer, status__in=ReviewAssignment.ACTIVE
    ).exists():
        problems.append(f"{name}已是本轮评审专家。")
    return problems


def active_assignments(textbook):
    return textbook.assignments.filter(round=textbook.review_round, status__in=ReviewAssignment.ACTIVE)


@transaction.atomic
def assign_reviewers(textbook, reviewers, user, due_date=None):
    _lock(textbook)
    _refuse_party(textbook, user)
    if textbook.review_stage != S.EXPERT_REVIEW:
        raise ReviewError("只有专家评审阶段的申报可以分配评审专家。")
    problems = [p for reviewer in reviewers for p in reviewer_problems(textbook, reviewer)]
    minimum = settings.TEXTBOOK_MIN_REVIEWERS
    if active_assignments(textbook).count() + len(reviewers) < minimum:
        problems.append(f"每本教材至少须有 {minimum} 位评审专家。")
    if problems:
        raise ReviewError(*problems)
    due_date = due_date or timezone.localdate() + datetime.timedelta(days=settings.TEXTBOOK_REVIEW_DAYS)
    created = [_assign(textbook, reviewer, user, due_date) for reviewer in reviewers]
    record(textbook, "assign", user, "、".join(str(r) for r in reviewers), due=f"{due_date:%Y-%m-%d}")
    return created


def _assign(textbook, reviewer, user, due_date):
    criteria_set = CriteriaSet.current()
    if criteria_set is None:
        raise ReviewError("没有启用的评审指标，请先设置评审指标。")
    assignment = ReviewAssignment.objects.create(
        textbook=textbook,
        round=textbook.review_round,
        reviewer=reviewer,
        criteria_set=criteria_set,
        due_date=due_date,
        assigned_by=user,
    )
    notifications.to_reviewer(
        assignment,
        f"请评审《{textbook.title}》（截止 {due_date:%Y-%m-%d}）",
        "请在评审工作台确认是否接受评审。",
    )
    return assignment


@transaction.atomic
def respond(assignment, user, accept, reason=""):
    _own_open(assignment, user)
    if assignment.status != ReviewAssignment.Status.INVITED:
        raise ReviewError("该评审任务已确认过。")
    assignment.responded_at = timezone.now()
    textbook = assignment.textbook
    if accept:
        assignment.status = ReviewAssignment.Status.ACCEPTED
        assignment.save(update_fields=["status", "responded_at"])
        return record(textbook, "accept", user)
    assignment.status = ReviewAssignment.Status.DECLINED
    assignment.decline_reason = _required(reason, "谢绝理由")
    assignment.save(update_fields=["status", "responded_at", "decline_reason"])
    notifications.to_staff(textbook, f"{user}谢绝评审《{textbook.title}》，请更换专家", reason)
    return record(textbook, "decline", user, reason)


@transaction.atomic
def save_draft(assignment, user, scores, comments, recommendation):
    """Keep the reviewer's scores so far without submitting; returns their weighted total (unscored count 0).

    Nothing is checked for completeness and nobody else sees a draft; `submit_review` checks and clears it.
    """
    _own_open(assignment, user)
    if assignment.status != ReviewAssignment.Status.ACCEPTED:
        raise ReviewError("请先接受评审任务。")
    criteria = list(assignment.criteria_set.criteria.all())
    kept = {c.pk: int(scores[c.pk]) for c in criteria if _valid_score(scores.get(c.pk), c.max_score)}
    assignment.draft = {
        "scores": {str(pk): points for pk, points in kept.items()},
        "comments": (comments or "").strip(),
        "recommendation": recommendation or "",
    }
    assignment.draft_saved_at = timezone.now()
    assignment.save(update_fields=["draft", "draft_saved_at"])
    return weighted_total(criteria, kept)


def draft_scores(assignment):
    """The draft's scores keyed by criterion id (JSON keeps the keys as strings)."""
    return {int(pk): points for pk, points in assignment.draft.get("scores", {}).items()}


@transaction.atomic
def submit_review(assignment, user, scores, comments, recommendation):
    """`scores` maps criterion id → 0..max_score and must cover every criterion of the assignment's rubric."""
    _own_open(assignment, user)
    if assignment.status != ReviewAssignment.Status.ACCEPTED:
        raise ReviewError("请先接受评审任务。")
    criteria = list(assignment.criteria_set.criteria.all())
    problems = [
        f"请为“{c.name}”打分（0–{c.max_score}）。"
        for c in criteria
        if not _valid_score(scores.get(c.pk), c.max_score)
    ]
    if not comments.strip():
        problems.append("请填写评审意见。")
    if recommendation not in ("approve", "revise", "reject"):
        problems.append("请选择评审结论。")
    if problems:
        raise ReviewError(*problems)
    ReviewScore.objects.bulk_create(
        [ReviewScore(assignment=assignment, criterion=c, score=int(scores[c.pk])) for c in criteria]
    )
    assignment.status = ReviewAssignment.Status.SUBMITTED
    assignment.submitted_at = timezone.now()
    assignment.comments = comments.strip()
    assignment.recommendation = recommendation
    assignment.draft, assignment.draft_saved_at = {}, None
    assignment.save(
        update_fields=["status", "submitted_at", "comments", "recommendation", "draft", "draft_saved_at"]
    )
    event = record(assignment.textbook, "review", user, total=str(assignment.total_score()))
    _finish_review_if_complete(assignment.textbook)
    return event


def _finish_review_if_complete(textbook):
    active = active_assignments(textbook)
    submitted = active.filter(status=ReviewAssignment.Status.SUBMITTED).count()
    if submitted >= settings.TEXTBOOK_MIN_REVIEWERS and submitted == active.count():
        _move(textbook, "send_to_committee", None, f"{submitted} 位专家均已提交评审意见")
        notifications.to_committee(textbook, f"《{textbook.title}》专家评审已完成，请审定")


@transaction.atomic
def replace_reviewer(assignment, new_reviewer, user, due_date=None):
    textbook = _lock(assignment.textbook)
    _refuse_party(textbook, user)
    assignment.refresh_from_db(fields=["status", "round"])
    if textbook.review_stage != S.EXPERT_REVIEW or assignment.round != textbook.review_round:
        raise ReviewError("只能更换本轮专家评审中的专家。")
    if assignment.status not in (*ReviewAssignment.PENDING, ReviewAssignment.Status.DECLINED):
        raise ReviewError("已提交评审意见的专家不能更换。")
    problems = reviewer_problems(textbook, new_reviewer)
    if problems:
        raise ReviewError(*problems)
    replacement = _assign(textbook, new_reviewer, user, due_date or assignment.due_date)
    was_pending = assignment.is_pending
    assignment.status = ReviewAssignment.Status.REPLACED
    assignment.replaced_by = replacement
    assignment.save(update_fields=["status", "replaced_by"])
    if was_pending:
        notifications.to_reviewer(assignment, f"《{textbook.title}》的评审任务已改由其他专家承担")
    record(textbook, "replace", user, f"{assignment.reviewer} → {new_reviewer}")
    return replacement


CLOSED_REASONS = {
    ReviewAssignment.Status.CANCELLED: "出版社已撤回该教材的申报，本评审任务已取消，不能再确认或评分。",
    ReviewAssignment.Status.REPLACED: "该评审任务已改由其他专家承担。",
    ReviewAssignment.Status.DECLINED: "您已谢绝该评审任务。",
    ReviewAssignment.Status.SUBMITTED: "您已提交过评审意见，不能重复提交。",
}


def closed_reason(assignment):
    """Why this assignment can no longer be answered or scored; empty while it can."""
    textbook = assignment.textbook
    if assignment.status in CLOSED_REASONS:
        return CLOSED_REASONS[assignment.status]
    if textbook.review_stage != S.EXPERT_REVIEW or assignment.round != textbook.review_round:
        return "该教材已不在本轮专家评审阶段。"
    return ""


def _own_open(assignment, user):
    """Lock the title, re-read the assignment, and refuse unless it is the user's and still open."""
    if assignment.reviewer_id != user.pk:
        raise ReviewError("这不是您的评审任务。")
    _lock(assignment.textbook)
    _refuse_party(assignment.textbook, user)
    assignment.refresh_from_db(fields=["status", "round"])
    reason = closed_reason(assignment)
    if reason:
        raise ReviewError(reason)


def _valid_score(value, maximum):
    try:
        return 0 <= int(value) <= maximum
    except (TypeError, ValueError):
        return False


# --- committee decision and public notice ---------------------------------------------------------------------


@transaction.atomic
def decide(textbook, user, outcome, reasons, today=None):
    _lock(textbook)
    _refuse_party(textbook, user)
    reasons = _required(reasons, "审定理由")
    action = {"approve": "approve", "reject": "reject", "revise": "request_revision"}.get(outcome)
    if action is None:
        raise ReviewError("请选择审定结论。")
    round_decided = textbook.review_round
    if action == "request_revision":
        textbook.review_round += 1
    event = _move(textbook, action, user, reasons)
    CommitteeDecision.objects.create(
        textbook=textbook, round=round_decided, outcome=outcome, reasons=reasons, decided_by=user
    )
    if action == "approve":
        start = today or timezone.localdate()
        end = start + datetime.timedelta(days=settings.TEXTBOOK_NOTICE_DAYS - 1)
        PublicNotice.objects.create(textbook=textbook, round=round_decided, starts_on=start, ends_on=end)
    label = CommitteeDecision.Outcome(outcome).label
    notifications.to_publisher(textbook, f"《{textbook.title}》委员会审定结果：{label}", reasons)
    for assignment in textbook.assignments.filter(round=round_decided, status="submitted"):
        notifications.to_reviewer(assignment, f"您评审的《{textbook.title}》已审定：{label}")
    return event


def open_notices(today=None):
    """Notices the public sees now: open, started, not yet past their last day."""
    today = today or timezone.localdate()
    return (
        PublicNotice.objects.filter(closed_at__isnull=True, starts_on__lte=today, ends_on__gte=today)
        .select_related("textbook__publisher")
        .order_by("ends_on", "pk")
    )


def open_notice(textbook):
    return textbook.notices.filter(closed_at__isnull=True).first()


class DuplicateObjection(ReviewError):
    """The same content from the same address is already on file for this notice."""


class TooManyObjections(ReviewError):
    """An abuse limit of the public form (limits.py); `retry_after` in seconds."""

    def __init__(self, refusal):
        super().__init__(refusal.message)
        self.retry_after = refusal.retry_after


@transaction.atomic
def file_objection(notice, name, contact, content, today=None, address=None):
    """Store an objection and queue the staff's notification. `address` (the public form's client) switches on
    de-duplication and the abuse limits; a refusal stores nothing."""
    _lock(notice.textbook)
    notice.refresh_from_db(fields=["closed_at"])
    today = today or timezone.localdate()
    if not notice.is_open or not notice.starts_on <= today <= notice.ends_on:
        raise ReviewError("该教材不在公示期内，不能提出异议。")
    fingerprint = limits.fingerprint(address, content) if address else ""
    if fingerprint and notice.objections.filter(fingerprint=fingerprint).exists():
        raise DuplicateObjection("您已提交过内容相同的异议，无需重复提交，我们会一并核实处理。")
    if address and (refusal := limits.reserve(notice, address)):
        raise TooManyObjections(refusal)
    objection = Objection.objects.create(
        notice=notice, name=name, contact=contact, content=content, fingerprint=fingerprint
    )
    record(notice.textbook, "objection", None, "收到一份书面异议，待管理员核实处理", objection=objection.pk)
    tasks.notify_staff_of_objection.enqueue(objection.pk)
    return objection


@transaction.atomic
def resolve_objection(objection, user, upheld, resolution):
    _lock(objection.notice.textbook)
    _refuse_party(objection.notice.textbook, user)
    objection.refresh_from_db(fields=["status"])
    if objection.status != Objection.Status.OPEN:
        raise ReviewError("该异议已处理。")
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    objection.resolution = _required(resolution, "处理意见")
    objection.resolved_by = user
    objection.resolved_at = timezone.now()
    objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
    return record(
        objection.notice.textbook,
        "resolve_objection",
        user,
        resolution,
        upheld=upheld,
        objection=objection.pk,
    )


@dataclass
class NoticeOutcome:
    notice: PublicNotice
    result: str  # "listed", "reconsider" or "waiting"
    reason: str = ""


@transaction.atomic
def close_notice(notice, user=None, today=None):
    """End a notice whose period is over: list the title, or send it back if an objection was upheld."""
    _lock(notice.textbook)
    _refuse_party(notice.textbook, user)
    notice.refresh_from_db(fields=["closed_at"])
    today = today or timezone.localdate()
    if not notice.is_open:
        raise ReviewError("该公示已结束。")
    if today <= notice.ends_on:
        raise ReviewError(f"公示期至 {notice.ends_on:%Y-%m-%d} 结束，期满后才能处理。")
    if notice.objections.filter(status=Objection.Status.OPEN).exists():
        raise ReviewError("还有未处理的公示异议。")
    textbook = notice.textbook
    notice.closed_at = timezone.now()
    notice.save(update_fields=["closed_at"])
    if notice.objections.filter(status=Objection.Status.UPHELD).exists():
        _move(textbook, "reconsider", user, "公示异议成立")
        notifications.to_committee(textbook, f"《{textbook.title}》公示异议成立，请重新审定")
        notifications.to_publisher(textbook, f"《{textbook.title}》公示异议成立，退回委员会重新审定")
        return NoticeOutcome(notice, "reconsider")
    _list(textbook, user, today)
    return NoticeOutcome(notice, "listed")


def _list(textbook, user, today):
    """Join the published list: listed status, then publish the latest revision so the title goes live."""
    _move(textbook, "list", user, f"公示期 {textbook.notices.first().starts_on:%Y-%m-%d} 起期满无异议")
    textbook.listed_on = today
    revision = textbook.save_revision(user=user, log_action=False)
    revision.publish(user=user, skip_permission_checks=True)
    notifications.to_publisher(textbook, f"《{textbook.title}》已列入规划教材目录")


def close_due_notices(today=None):
    """What `close_public_notices` does: every notice whose period is over, one outcome each."""
    today = today or timezone.localdate()
    outcomes = []
    for notice in PublicNotice.objects.filter(closed_at__isnull=True, ends_on__lt=today).select_related(
        "textbook"
    ):
        try:
            outcomes.append(close_notice(notice, None, today))
        except ReviewError as error:
            outcomes.append(NoticeOutcome(notice, "waiting", str(error)))
    return outcomes


@transaction.atomic
def new_edition(textbook, isbn, user):
    """A listed title's next edition: a new draft linked to it; the earlier edition's record stays as it is."""
    fields = [
        "title",
        "series",
        "publisher",
        "editors",
        "kind",
        "level",
        "course",
        "batch",
        "worldskills_item",
    ]
    newer = Textbook(
        isbn=isbn,
        edition=textbook.edition + 1,
        previous_edition=textbook,
        publication_status="revising",
        live=False,
        **{name: getattr(textbook, name) for name in fields},
    )
    newer.save()
    newer.programs.set(textbook.programs.all())
    newer.save()
    record(newer, ReviewAction.NEW_EDITION, user, f"由第 {textbook.edition} 版修订")
    return newer


def _required(text, label):
    text = (text or "").strip()
    if not text:
        raise ReviewError(f"请填写{label}。")
    return text


def reviewers_for(textbook):
    """Reviewers an administrator may pick for this title (conflicts and the publisher's staff left out)."""
    users = holders(REVIEWERS)
    return [user for user in users.order_by("username") if not reviewer_problems(textbook, user)]
