"""Reviewers save a draft of their scores, see the weighted total, and submit only a complete review; a draft
stays the reviewer's own until it is submitted."""

from decimal import Decimal

from django.urls import reverse

import pytest

from catalogue.textbooks.models import CriteriaSet, Criterion, ReviewScore
from catalogue.textbooks.review import services
from catalogue.textbooks.review.criteria import weighted_total

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric(db):
    version = CriteriaSet.objects.create(name="草稿测试", active=True)
    return [
        Criterion.objects.create(criteria_set=version, name="内容", weight=80, max_score=100),
        Criterion.objects.create(criteria_set=version, name="编校", weight=20, max_score=10),
    ]


@pytest.fixture
def accepted(rubric, textbook, walk, admin, reviewers):
    walk(textbook, "expert_review")
    assignment = services.assign_reviewers(textbook, reviewers[:3], admin)[0]
    services.respond(assignment, assignment.reviewer, True)
    return assignment


def url(assignment):
    return reverse("textbook_review:assignment", args=[assignment.pk])


def test_weighted_total_reads_like_the_stored_total(rubric):
    content, editing = rubric
    assert weighted_total(rubric, {content.pk: 90, editing.pk: 5}) == Decimal("82.0")
    assert weighted_total(rubric, {content.pk: 90}) == Decimal("72.0")  # unscored counts 0


def test_a_draft_keeps_partial_scores_without_submitting(client, accepted, rubric, admin):
    content, editing = rubric
    client.force_login(accepted.reviewer)
    page = client.get(url(accepted)).content.decode()
    assert "保存草稿" in page and 'data-weight="80"' in page and 'data-max="10"' in page
    response = client.post(
        url(accepted), {f"score_{content.pk}": "90", "comments": "结构清晰", "action": "draft"}
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == "accepted" and not ReviewScore.objects.exists()
    page = client.get(url(accepted)).content.decode()
    assert "已保存评分草稿（当前加权总分 72.0）" in page
    assert 'value="90"' in page and "结构清晰" in page and "草稿保存于" in page
    assert '<output data-role="weighted-total-value">72.0</output>' in page

    client.force_login(admin)  # nobody else sees a draft, not even staff
    detail = client.get(reverse("textbook_review:detail", args=[accepted.textbook_id])).content.decode()
    assert "结构清晰" not in detail and "72.0" not in detail


def test_a_draft_score_out_of_range_is_refused_in_chinese(client, accepted, rubric):
    _, editing = rubric
    client.force_login(accepted.reviewer)
    response = client.post(url(accepted), {f"score_{editing.pk}": "11", "action": "draft"})
    assert response.status_code == 200
    assert "“编校”的得分不能超过满分 10" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.draft == {} and accepted.draft_saved_at is None


def test_submit_needs_every_score_then_clears_the_draft(client, accepted, rubric):
    content, editing = rubric
    client.force_login(accepted.reviewer)
    client.post(url(accepted), {f"score_{content.pk}": "90", "action": "draft"})
    incomplete = client.post(
        url(accepted),
        {f"score_{content.pk}": "90", "comments": "好", "recommendation": "approve", "action": "submit"},
    )
    assert incomplete.status_code == 200 and "请为“编校”打分" in incomplete.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    done = client.post(
        url(accepted),
        {
            f"score_{content.pk}": "90",
            f"score_{editing.pk}": "5",
            "comments": "好",
            "recommendation": "approve",
            "action": "submit",
        },
        follow=True,
    )
    assert "评审意见已提交，加权总分 82.0" in done.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == "submitted" and accepted.draft == {} and accepted.total_score() == 82
