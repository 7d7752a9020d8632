"""Withdrawing during review, steps taken from the wrong stage, and two requests on one title at once."""

import importlib
import threading

from django.apps import apps
from django.core import mail
from django.db import connection
from django.urls import reverse

import pytest

from catalogue.textbooks.models import (
    CriteriaSet,
    Criterion,
    Notification,
    ReviewAssignment,
    ReviewEvent,
    ReviewScore,
    ReviewStage,
    Textbook,
)
from catalogue.textbooks.review import services

S = ReviewStage


def scores(assignment, value=80):
    return {c.pk: value for c in assignment.criteria_set.criteria.all()}


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def under_review(textbook, walk, admin, reviewers):
    """Three reviewers on round 1: one invited, one accepted, one who has already scored."""
    walk(textbook, "expert_review")
    invited, accepted, done = services.assign_reviewers(textbook, reviewers[:3], admin)
    for assignment in (accepted, done):
        services.respond(assignment, assignment.reviewer, True)
    services.submit_review(done, done.reviewer, scores(done), "同意", "approve")
    return invited, accepted, done


@pytest.mark.django_db
def test_withdrawing_tells_the_reviewers_still_working_and_cancels_their_tasks(
    client, textbook, publisher_a, under_review
):
    invited, accepted, done = under_review
    mail.outbox.clear()
    client.force_login(publisher_a)
    response = client.post(reverse("textbook_review:withdraw", args=[textbook.pk]), {"reason": "需补充样章"})
    assert response.status_code == 302
    for assignment in (invited, accepted):
        assignment.refresh_from_db()
        assert assignment.status == ReviewAssignment.Status.CANCELLED
        inbox = Notification.objects.get(recipient=assignment.reviewer, subject__contains="已由出版社撤回")
        assert inbox.url == reverse("textbook_review:assignment", args=[assignment.pk])
        assert any(assignment.reviewer.email in m.to and "已取消" in m.subject for m in mail.outbox)
    done.refresh_from_db()
    assert done.status == ReviewAssignment.Status.SUBMITTED
    assert not Notification.objects.filter(
        recipient=done.reviewer, subject__contains="已由出版社撤回"
    ).exists()


@pytest.mark.django_db
def test_a_cancelled_task_can_no_longer_be_scored(client, textbook, publisher_a, under_review):
    _, accepted, _ = under_review
    services.withdraw(textbook, publisher_a, "需补充样章")
    reviewer = accepted.reviewer
    client.force_login(reviewer)
    url = reverse("textbook_review:assignment", args=[accepted.pk])
    page = client.get(url)
    assert page.status_code == 200 and "评审任务已取消，不能再确认或评分" in page.content.decode()
    data = {f"score_{pk}": 90 for pk in scores(accepted)} | {"comments": "好", "recommendation": "approve"}
    refused = client.post(url, data, follow=True)
    assert "评审任务已取消" in messages_of(refused)
    assert not ReviewScore.objects.filter(assignment=accepted).exists()
    with pytest.raises(services.ReviewError, match="评审任务已取消"):
        services.submit_review(accepted, reviewer, scores(accepted), "好", "approve")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "role", "stage", "data", "message"),
    [
        (
            "format_check",
            "admin",
            S.EXPERT_REVIEW,
            {"outcome": "pass"},
            "“专家评审”阶段的申报不能形式审查通过",
        ),
        ("withdraw", "publisher_a", S.DRAFT, {"reason": "不需要了"}, "“草稿”阶段的申报不能撤回申报"),
        ("submit", "publisher_a", S.EXPERT_REVIEW, {"reason": ""}, "“专家评审”阶段的申报不能提交申报"),
        ("close_notice", "admin", S.COMMITTEE, {"reason": ""}, "该教材没有进行中的公示"),
        (
            "assign",
            "admin",
            S.SUBMITTED,
            {"due_date": "2099-01-01"},
            "只有专家评审阶段的申报可以分配评审专家",
        ),
    ],
)
def test_a_step_from_the_wrong_stage_is_explained_not_a_server_error(
    client, request, textbook, reviewers, step, role, stage, data, message
):
    Textbook.objects.filter(pk=textbook.pk).update(review_stage=stage, review_round=1)
    if step == "assign":
        data = data | {"reviewers": [r.pk for r in reviewers[:3]]}
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse(f"textbook_review:{step}", args=[textbook.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    textbook.refresh_from_db()
    assert textbook.review_stage == stage


# --- two requests at once: real threads, each with its own database connection ------------------------------

SHARED_DB = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the SQLite test database is in memory (shared cache), where a second writer fails at once with "
    "'database table is locked' instead of waiting; PostgreSQL runs these with real row locks",
)


# Committed data for the threads: a transactional database. available_apps makes the flush afterwards cascade
# (PostgreSQL refuses to truncate the search app's SQL-only index table otherwise) and re-creates the roles
# before each test; the rubric, which a data migration seeds, is put back by `rubric`.
COMMITTED = pytest.mark.django_db(
    transaction=True, available_apps=[config.name for config in apps.get_app_configs()]
)


@pytest.fixture
def rubric():
    """The seeded rubric, again, when an earlier transactional test's flush took it away."""
    if CriteriaSet.current() is None:
        seeded = importlib.import_module("catalogue.migrations.0006_seed_review_criteria").CRITERIA
        rubric = CriteriaSet.objects.create(version=1, name="规划教材评审指标", active=True)
        for order, (name, weight, description) in enumerate(seeded):
            Criterion.objects.create(
                criteria_set=rubric, name=name, weight=weight, description=description, sort_order=order
            )
    return CriteriaSet.current()


def at_once(*calls):
    """Run the calls in threads released together; each returns its result or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each request met
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def submit_as_its_reviewer(pk):
    def call():
        assignment = ReviewAssignment.objects.select_related("textbook", "reviewer").get(pk=pk)
        return services.submit_review(assignment, assignment.reviewer, scores(assignment), "同意", "approve")

    return call


@SHARED_DB
@COMMITTED
def test_the_last_two_reviewers_at_once_send_the_title_to_the_committee_exactly_once(
    rubric, textbook, under_review, committee
):
    invited, accepted, _ = under_review
    services.respond(invited, invited.reviewer, True)
    results = at_once(submit_as_its_reviewer(invited.pk), submit_as_its_reviewer(accepted.pk))
    assert all(isinstance(result, ReviewEvent) for result in results), results
    assert ReviewScore.objects.filter(assignment__textbook=textbook).count() == 3 * 5
    assert ReviewEvent.objects.filter(textbook=textbook, action="send_to_committee").count() == 1
    textbook.refresh_from_db()
    assert textbook.review_stage == S.COMMITTEE
    assert Notification.objects.filter(recipient=committee, subject__contains="专家评审已完成").count() == 1


@SHARED_DB
@COMMITTED
def test_a_reviewer_submitting_twice_at_once_is_accepted_once(rubric, textbook, under_review):
    _, accepted, _ = under_review
    results = at_once(submit_as_its_reviewer(accepted.pk), submit_as_its_reviewer(accepted.pk))
    accepted_results = [r for r in results if isinstance(r, ReviewEvent)]
    refusals = [r for r in results if isinstance(r, services.ReviewError)]
    assert len(accepted_results) == 1 and len(refusals) == 1, results
    assert "不能重复提交" in str(refusals[0])
    assert ReviewScore.objects.filter(assignment=accepted).count() == 5
    assert (
        ReviewEvent.objects.filter(textbook=textbook, action="review", actor=accepted.reviewer).count() == 1
    )
