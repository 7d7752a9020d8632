"""The review path's state machine: every allowed transition, every forbidden one, and the records they leave."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from catalogue.factories import UserFactory
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import (
    LISTING_FOR_STAGE,
    CommitteeDecision,
    ConflictDeclaration,
    ListingStatus,
    Notification,
    Objection,
    ReminderLog,
    ReviewAssignment,
    ReviewEvent,
    ReviewStage,
    Textbook,
    TextbookChange,
)
from catalogue.textbooks.review import services
from catalogue.textbooks.review.services import TRANSITIONS, ReviewError
from cms.users.roles import REVIEWERS

pytestmark = pytest.mark.django_db
S = ReviewStage


def at_stage(stage, **kwargs):
    return TextbookFactory(review_stage=stage, review_round=1, **kwargs)


@pytest.mark.parametrize(
    ("action", "source"),
    [(action, source) for action, (sources, _) in TRANSITIONS.items() for source in sorted(sources)],
)
def test_every_allowed_transition_moves_and_records(action, source, admin):
    textbook = at_stage(source)
    event = services._move(textbook, action, admin, "理由")
    target = TRANSITIONS[action][1]
    textbook.refresh_from_db()
    assert textbook.review_stage == target
    assert textbook.listing_status == LISTING_FOR_STAGE[target]
    assert (event.actor, event.from_stage, event.to_stage, event.reason) == (admin, source, target, "理由")


@pytest.mark.parametrize(
    ("action", "source"),
    [(action, stage) for action, (sources, _) in TRANSITIONS.items() for stage in S if stage not in sources],
)
def test_every_forbidden_transition_is_refused_and_changes_nothing(action, source, admin):
    textbook = at_stage(source)
    with pytest.raises(ReviewError, match="不能"):
        services._move(textbook, action, admin, "理由")
    textbook.refresh_from_db()
    assert textbook.review_stage == source
    assert not ReviewEvent.objects.filter(textbook=textbook).exists()


def test_the_whole_path_leaves_who_when_and_why(textbook, walk, admin, committee, publisher_a):
    walk(textbook, "notice")
    notice = textbook.notices.get()
    assert textbook.listing_status == ListingStatus.NOTICE and not textbook.live
    assert (notice.ends_on - notice.starts_on).days == 6  # seven days, inclusive
    outcome = services.close_notice(notice, admin, today=notice.ends_on + datetime.timedelta(days=1))
    textbook.refresh_from_db()
    assert outcome.result == "listed"
    assert textbook in Textbook.objects.listed() and textbook.live and textbook.review_stage == S.LISTED
    actions = list(textbook.review_events.values_list("action", flat=True))
    assert actions[:3] == ["submit", "pass_format_check", "assign"] and actions[-2:] == ["approve", "list"]
    assert actions.count("review") == 3 and "send_to_committee" in actions
    assert all(event.created_at for event in textbook.review_events.all())
    assert CommitteeDecision.objects.get(textbook=textbook).decided_by == committee
    assert Notification.objects.filter(recipient=publisher_a).count() >= 3
    assert any("已列入规划教材目录" in m.subject for m in mail.outbox)


def test_submission_needs_both_files(org_a, publisher_a):
    textbook = TextbookFactory(publisher=org_a, toc_file=None)
    with pytest.raises(ReviewError, match="请上传目录"):
        services.submit(textbook, publisher_a)
    textbook.refresh_from_db()
    assert textbook.review_stage == S.DRAFT


def test_a_new_edition_needs_a_table_of_changes(org_a, publisher_a, textbook):
    newer = TextbookFactory(publisher=org_a, previous_edition=textbook, edition=2)
    with pytest.raises(ReviewError, match="修订内容对照表"):
        services.submit(newer, publisher_a)
    TextbookChange.objects.create(textbook=newer, location="第一章", original="旧", revised="新")
    services.submit(newer, publisher_a)
    assert Textbook.objects.get(pk=textbook.pk).pk  # the earlier edition's record stays


def test_format_check_return_needs_a_reason_and_the_publisher_resubmits(textbook, publisher_a, admin):
    services.submit(textbook, publisher_a)
    with pytest.raises(ReviewError, match="退回理由"):
        services.format_check(textbook, admin, False, "")
    services.format_check(textbook, admin, False, "缺少编写人员资质")
    assert textbook.review_stage == S.RETURNED
    services.submit(textbook, publisher_a, "已补充")
    assert textbook.review_stage == S.SUBMITTED and textbook.review_round == 1


def test_withdraw_and_resubmit(textbook, publisher_a):
    services.submit(textbook, publisher_a)
    services.withdraw(textbook, publisher_a, "需要补充样章")
    assert textbook.review_stage == S.WITHDRAWN and textbook.listing_status == ListingStatus.WITHDRAWN
    services.submit(textbook, publisher_a)
    assert textbook.review_stage == S.SUBMITTED


def test_at_least_three_reviewers(textbook, walk, admin, reviewers):
    walk(textbook, "expert_review")
    with pytest.raises(ReviewError, match="至少须有 3 位"):
        services.assign_reviewers(textbook, reviewers[:2], admin)
    assert not ReviewAssignment.objects.exists()


def test_reviewers_from_the_publisher_or_with_conflicts_are_refused(textbook, walk, admin, reviewers, org_a):
    walk(textbook, "expert_review")
    colleague = UserFactory(username="colleague", groups=[REVIEWERS], organisation=org_a)
    ConflictDeclaration.objects.create(reviewer=reviewers[0], organisation=org_a, reason="曾任编辑")
    ConflictDeclaration.objects.create(reviewer=reviewers[1], textbook=textbook, reason="参编")
    with pytest.raises(ReviewError) as refused:
        services.assign_reviewers(textbook, [colleague, reviewers[0], reviewers[1], reviewers[2]], admin)
    text = str(refused.value)
    assert "来自申报出版社" in text and text.count("利益冲突") == 2
    assert not ReviewAssignment.objects.exists()
    assert reviewers[3] in services.reviewers_for(textbook) and colleague not in services.reviewers_for(
        textbook
    )


def test_a_conflict_declared_by_isbn_alone_is_matched_on_assignment(textbook, walk, admin, reviewers):
    """The conflict form stores the ISBN as typed (it never looks it up, so it reveals nothing); assignment matches it."""
    walk(textbook, "expert_review")
    ConflictDeclaration.objects.create(reviewer=reviewers[0], isbn=textbook.isbn, reason="参编")
    with pytest.raises(ReviewError, match="利益冲突"):
        services.assign_reviewers(textbook, reviewers[:3], admin)
    assert reviewers[0] not in services.reviewers_for(textbook)


def test_scoring_needs_every_criterion_comments_and_a_recommendation(textbook, walk, admin, reviewers):
    walk(textbook, "expert_review")
    first = services.assign_reviewers(textbook, reviewers[:3], admin)[0]
    with pytest.raises(ReviewError, match="请先接受"):
        services.submit_review(first, first.reviewer, {}, "", "")
    services.respond(first, first.reviewer, True)
    with pytest.raises(ReviewError) as refused:
        services.submit_review(first, first.reviewer, {}, "", "")
    assert len(refused.value.problems) == 7  # five criteria, comments, recommendation
    weights = {c.pk: c.weight for c in first.criteria_set.criteria.all()}
    assert sum(weights.values()) == 100
    scores = dict.fromkeys(weights, 90)
    services.submit_review(first, first.reviewer, scores, "内容扎实", "approve")
    first.refresh_from_db()
    assert first.total_score() == 90 and first.status == "submitted"
    with pytest.raises(ReviewError):
        services.submit_review(first, reviewers[1], scores, "x", "approve")  # not theirs


def test_decline_and_replace_a_reviewer(textbook, walk, admin, reviewers, assignment_of):
    walk(textbook, "expert_review")
    services.assign_reviewers(textbook, reviewers[:3], admin)
    declined = assignment_of(textbook, reviewers[0])
    services.respond(declined, reviewers[0], False, "时间冲突")
    replacement = services.replace_reviewer(declined, reviewers[3], admin)
    declined.refresh_from_db()
    assert declined.status == "replaced" and declined.replaced_by == replacement
    silent = assignment_of(textbook, reviewers[1])
    services.replace_reviewer(silent, UserFactory(username="r9", groups=[REVIEWERS]), admin)
    assert services.active_assignments(textbook).count() == 3


def test_committee_revise_opens_a_new_round(textbook, walk, committee, publisher_a):
    walk(textbook, "committee")
    services.decide(textbook, committee, "revise", "请补充实训内容")
    assert textbook.review_stage == S.RETURNED and textbook.review_round == 2
    assert CommitteeDecision.objects.get().round == 1
    services.submit(textbook, publisher_a)
    assert textbook.review_round == 2


def test_committee_reject_needs_reasons(textbook, walk, committee):
    walk(textbook, "committee")
    with pytest.raises(ReviewError, match="审定理由"):
        services.decide(textbook, committee, "reject", " ")
    services.decide(textbook, committee, "reject", "内容陈旧")
    assert textbook.review_stage == S.REJECTED and textbook.listing_status == ListingStatus.REJECTED


def test_objections_only_during_the_notice_period(textbook, walk):
    walk(textbook, "notice")
    notice = textbook.notices.get()
    with pytest.raises(ReviewError, match="不在公示期内"):
        services.file_objection(
            notice, "王老师", "13800000000", "内容有误", today=notice.ends_on + datetime.timedelta(1)
        )
    services.file_objection(notice, "王老师", "13800000000", "第三章有错误")
    assert Objection.objects.get().status == "open"


def test_close_notices_command_waits_for_open_objections_then_lists(textbook, walk, admin):
    walk(textbook, "notice")
    notice = textbook.notices.get()
    objection = services.file_objection(notice, "王老师", "wang@example.com", "第三章有错误")
    later = notice.ends_on + datetime.timedelta(days=1)
    with pytest.raises(ReviewError, match="期满后"):
        services.close_notice(notice, admin, today=notice.ends_on)
    outcomes = services.close_due_notices(today=later)
    assert [o.result for o in outcomes] == ["waiting"]
    textbook.refresh_from_db()
    assert textbook.review_stage == S.NOTICE and textbook not in Textbook.objects.listed()
    services.resolve_objection(objection, admin, False, "经核实，第三章无误")
    notice.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    notice.save()
    call_command("close_public_notices", stdout=_Out())
    textbook.refresh_from_db()
    assert textbook in Textbook.objects.listed() and textbook.listed_on == timezone.localdate()


def test_an_upheld_objection_sends_the_title_back_to_the_committee(textbook, walk, admin):
    walk(textbook, "notice")
    notice = textbook.notices.get()
    objection = services.file_objection(notice, "李老师", "li@example.com", "与已出版教材雷同")
    services.resolve_objection(objection, admin, True, "异议成立")
    notice.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    notice.save()
    call_command("close_public_notices", stdout=_Out())
    textbook.refresh_from_db()
    notice.refresh_from_db()
    assert not notice.is_open and textbook.review_stage == S.COMMITTEE
    assert textbook not in Textbook.objects.listed() and not textbook.live


def test_reminders_before_and_after_the_due_date_are_sent_once(textbook, walk, admin, reviewers):
    walk(textbook, "expert_review")
    today = timezone.localdate()
    due_soon = services.assign_reviewers(textbook, reviewers[:3], admin, today + datetime.timedelta(days=2))
    ReviewAssignment.objects.filter(pk=due_soon[0].pk).update(due_date=today - datetime.timedelta(days=1))
    ReviewAssignment.objects.filter(pk=due_soon[1].pk).update(due_date=today + datetime.timedelta(days=30))
    mail.outbox.clear()
    call_command("send_review_reminders", stdout=_Out())
    kinds = sorted(ReminderLog.objects.values_list("assignment_id", "kind"))
    assert kinds == sorted([(due_soon[0].pk, "overdue"), (due_soon[2].pk, "before_due")])
    to_reviewers = [m for m in mail.outbox if m.to[0].startswith("r")]
    assert len(to_reviewers) == 2 and len(mail.outbox) == 3  # and the overdue one to the administrator
    call_command("send_review_reminders", stdout=_Out())
    assert ReminderLog.objects.count() == 2 and len(mail.outbox) == 3


class _Out:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
