"""People and applications for the review tests: one per role, and a helper that walks a title to any stage."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from catalogue.factories import CategoryFactory, OrganisationFactory, ProgramFactory, UserFactory
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import ReviewAssignment, ReviewStage
from catalogue.textbooks.review import services
from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS, PUBLISHERS, REVIEWERS


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard (or a bare 403)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name="甲出版社")


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name="乙出版社")


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", groups=[ADMINISTRATORS], email="admin@example.com")


@pytest.fixture
def publisher_a(org_a):
    return UserFactory(username="pub-a", groups=[PUBLISHERS], organisation=org_a, email="a@example.com")


@pytest.fixture
def publisher_b(org_b):
    return UserFactory(username="pub-b", groups=[PUBLISHERS], organisation=org_b, email="b@example.com")


@pytest.fixture
def reviewers(db):
    return [
        UserFactory(username=f"reviewer{i}", groups=[REVIEWERS], email=f"r{i}@example.com")
        for i in range(1, 5)
    ]


@pytest.fixture
def outsider(db):
    """A reviewer with no assignment."""
    return UserFactory(username="reviewer-other", groups=[REVIEWERS])


@pytest.fixture
def category(db):
    return CategoryFactory(code="01", name="机械类")


@pytest.fixture
def committee(category):
    user = UserFactory(username="committee", groups=[COMMITTEE_MEMBERS], email="c@example.com")
    category.committee_members.add(user)
    return user


@pytest.fixture
def textbook(org_a, category):
    return TextbookFactory(title="机械制图", publisher=org_a, programs=[ProgramFactory(category=category)])


@pytest.fixture
def walk(admin, publisher_a, reviewers, committee):
    """walk(textbook, "committee") moves a title along the happy path up to (and including) that stage."""

    def scores(assignment):
        return {c.pk: 80 for c in assignment.criteria_set.criteria.all()}

    steps = {
        "submitted": lambda t: services.submit(t, publisher_a),
        "expert_review": lambda t: services.format_check(t, admin, True, "材料齐全"),
        "committee": lambda t: _review(t),
        "notice": lambda t: services.decide(t, committee, "approve", "同意列入"),
    }

    def _review(t):
        due = timezone.localdate() + datetime.timedelta(days=14)
        for assignment in services.assign_reviewers(t, reviewers[:3], admin, due):
            services.respond(assignment, assignment.reviewer, True)
            services.submit_review(assignment, assignment.reviewer, scores(assignment), "同意", "approve")

    order = list(ReviewStage)

    def go(textbook, stage):
        for name, step in steps.items():
            if order.index(name) <= order.index(textbook.review_stage):
                continue  # already past this step
            step(textbook)
            textbook.refresh_from_db()
            if name == stage:
                return textbook
        raise AssertionError(stage)

    return go


@pytest.fixture
def assignment_of():
    def get(textbook, reviewer):
        return ReviewAssignment.objects.get(textbook=textbook, reviewer=reviewer, round=textbook.review_round)

    return get
