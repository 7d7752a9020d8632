"""Separation of duties: the submitting publisher's people (and the submitter) never act on an approval step of
their own title, whatever other roles they hold: the action is not offered and a forged POST changes nothing."""

from django.urls import reverse

import pytest

from catalogue.factories import UserFactory
from catalogue.textbooks.models import CommitteeDecision, PublicNotice, ReviewAssignment, ReviewEvent
from catalogue.textbooks.review import services
from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS, PUBLISHERS, REVIEWERS

from .conftest import refused

pytestmark = pytest.mark.django_db


def page(client, textbook):
    return client.get(reverse("textbook_review:detail", args=[textbook.pk])).content.decode()


def actions(client, textbook):
    """The buttons offered on the review page (the progress line names the steps too, as words)."""
    return page(client, textbook).split('data-role="actions"')[1].split("</p>")[0]


@pytest.fixture
def publisher_admin(org_a):
    """An administrator who works for the submitting publisher."""
    return UserFactory(username="pub-admin", groups=[ADMINISTRATORS, PUBLISHERS], organisation=org_a)


@pytest.fixture
def publisher_committee(org_a, category):
    """A committee member of the title's category who works for the submitting publisher."""
    user = UserFactory(username="pub-committee", groups=[COMMITTEE_MEMBERS, PUBLISHERS], organisation=org_a)
    category.committee_members.add(user)
    return user


def test_the_publishers_administrator_may_not_format_check_their_own_title(
    client, publisher_admin, admin, textbook, walk
):
    walk(textbook, "submitted")
    client.force_login(publisher_admin)
    assert "形式审查" not in actions(client, textbook)
    events = ReviewEvent.objects.count()
    forged = client.post(
        reverse("textbook_review:format_check", args=[textbook.pk]), {"outcome": "pass", "reason": ""}
    )
    assert refused(forged)
    textbook.refresh_from_db()
    assert textbook.review_stage == "submitted" and ReviewEvent.objects.count() == events
    client.force_login(admin)  # an administrator from elsewhere is offered the step
    assert "形式审查" in actions(client, textbook)


def test_the_publishers_committee_member_may_not_decide_their_own_title(
    client, publisher_committee, committee, textbook, walk
):
    walk(textbook, "committee")
    client.force_login(publisher_committee)
    assert "委员会审定" not in actions(client, textbook)
    forged = client.post(
        reverse("textbook_review:decide", args=[textbook.pk]), {"outcome": "approve", "reasons": "同意"}
    )
    assert refused(forged)
    textbook.refresh_from_db()
    assert textbook.review_stage == "committee"
    assert not CommitteeDecision.objects.exists() and not PublicNotice.objects.exists()
    with pytest.raises(services.ReviewError, match="须回避"):
        services.decide(textbook, publisher_committee, "approve", "同意")
    client.force_login(committee)
    assert "委员会审定" in actions(client, textbook)


def test_an_administrator_who_submitted_a_title_may_not_check_it(client, admin, textbook):
    services.submit(textbook, admin)
    client.force_login(admin)
    assert "形式审查" not in actions(client, textbook)
    forged = client.post(
        reverse("textbook_review:format_check", args=[textbook.pk]), {"outcome": "pass", "reason": ""}
    )
    assert refused(forged)
    textbook.refresh_from_db()
    assert textbook.review_stage == "submitted"


def test_a_reviewer_who_submitted_the_title_is_not_assignable(admin, reviewers, textbook, walk):
    submitter = UserFactory(username="pub-reviewer", groups=[REVIEWERS, ADMINISTRATORS])
    services.submit(textbook, submitter)
    services.format_check(textbook, admin, True)
    with pytest.raises(services.ReviewError, match="提交了本申报，须回避"):
        services.assign_reviewers(textbook, [submitter, *reviewers[:2]], admin)
    assert not ReviewAssignment.objects.exists()
    assert submitter not in services.reviewers_for(textbook)


def test_a_reviewer_who_joined_the_publisher_can_no_longer_score(
    client, org_a, reviewers, textbook, walk, assignment_of
):
    walk(textbook, "expert_review")
    services.assign_reviewers(textbook, reviewers[:3], UserFactory(groups=[ADMINISTRATORS]))
    assignment = assignment_of(textbook, reviewers[0])
    reviewers[0].organisation = org_a
    reviewers[0].save()
    client.force_login(reviewers[0])
    url = reverse("textbook_review:assignment", args=[assignment.pk])
    assert refused(client.get(url))
    assert refused(client.post(url, {"accept": "yes"}))
    assignment.refresh_from_db()
    assert assignment.status == "invited"


def test_the_publishers_administrator_sees_no_reviewer_or_score(
    client, publisher_admin, reviewers, textbook, walk
):
    walk(textbook, "committee")
    client.force_login(publisher_admin)
    html = page(client, textbook)
    assert 'data-role="reviews"' not in html
    assert all(str(reviewer) not in html for reviewer in reviewers[:3])
