"""A small plan built with factories: the tests check that every panel shows exactly these numbers."""

import datetime
from types import SimpleNamespace

import pytest

from catalogue.factories import (
    AdjustmentFactory,
    CategoryFactory,
    EditionFactory,
    OrganisationFactory,
    ProgramFactory,
)
from catalogue.models import Adjustment, Program, Sector
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import ReviewStage, TextbookBatch
from standards.factories import publish_standard
from standards.models import ProgramCourse


def listed(**kwargs):
    return TextbookFactory(live=True, review_stage=ReviewStage.LISTED, **kwargs)


@pytest.fixture
def plan(db):
    machining = CategoryFactory(code="01", name="机械类")
    it = CategoryFactory(code="02", name="信息类")
    welding = ProgramFactory(category=machining, code="0106", name="焊接加工", sector=Sector.UPGRADED)
    fitting = ProgramFactory(category=machining, code="0107", name="钳加工")
    robots = ProgramFactory(category=it, code="0201", name="工业机器人应用与维护", sector=Sector.EMERGING)
    retired = ProgramFactory(category=it, code="0202", name="旧专业", status=Program.Status.RETIRED)
    old = EditionFactory(name="2018")
    new = EditionFactory(name="2025")
    old.programs.set([welding, fitting, retired])
    new.programs.set([welding, fitting, robots])
    AdjustmentFactory(
        status=Adjustment.Status.APPROVED, kind=Adjustment.Kind.ADD, effective_date=datetime.date(2025, 9, 1)
    )
    AdjustmentFactory(
        status=Adjustment.Status.APPROVED, kind=Adjustment.Kind.ADD, effective_date=datetime.date(2025, 9, 1)
    )
    AdjustmentFactory(
        status=Adjustment.Status.APPROVED,
        kind=Adjustment.Kind.RETIRE,
        effective_date=datetime.date(2024, 9, 1),
    )
    AdjustmentFactory(
        status=Adjustment.Status.SUBMITTED,
        kind=Adjustment.Kind.MERGE,
        effective_date=datetime.date(2025, 9, 1),
    )
    publish_standard(welding, [("C01", "焊条电弧焊", 120), ("C02", "气体保护焊", 80)])
    first = TextbookBatch.objects.create(name="第一批", sort_order=1)
    second = TextbookBatch.objects.create(name="第二批", sort_order=2)
    publisher = OrganisationFactory(name="甲出版社")
    arc = listed(
        title="焊条电弧焊",
        publisher=publisher,
        batch=first,
        kind="integrated",
        programs=[welding],
        listed_on=datetime.date(2024, 6, 1),
    )
    arc.courses.add(ProgramCourse.objects.get(program=welding, code="C01"))
    arc.save()
    listed(
        title="钳工工艺",
        publisher=publisher,
        batch=first,
        programs=[fitting],
        listed_on=datetime.date(2025, 3, 1),
    )
    listed(title="语文", publisher=publisher, batch=second, kind="public")
    draft = TextbookFactory(
        title="未公开的草稿教材",
        publisher=publisher,
        batch=first,
        review_stage=ReviewStage.EXPERT_REVIEW,
        programs=[robots],
    )
    draft.courses.add(ProgramCourse.objects.get(program=welding, code="C02"))
    draft.save()
    return SimpleNamespace(machining=machining, it=it, welding=welding, first=first, draft=draft)


@pytest.fixture
def people(db):
    from catalogue.factories import UserFactory
    from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS, PUBLISHERS, REVIEWERS

    org_a = OrganisationFactory(name="甲出版社")
    org_b = OrganisationFactory(name="乙出版社")
    return SimpleNamespace(
        admin=UserFactory(username="admin", groups=[ADMINISTRATORS]),
        reviewer=UserFactory(username="reviewer", groups=[REVIEWERS], first_name="", last_name="王评审"),
        other_reviewer=UserFactory(
            username="reviewer2", groups=[REVIEWERS], first_name="", last_name="李评审"
        ),
        publisher_a=UserFactory(username="pub-a", groups=[PUBLISHERS], organisation=org_a),
        publisher_b=UserFactory(username="pub-b", groups=[PUBLISHERS], organisation=org_b),
        committee=UserFactory(username="committee", groups=[COMMITTEE_MEMBERS]),
        org_a=org_a,
        org_b=org_b,
    )


def assign(textbook, reviewer, by, due, status="accepted"):
    from catalogue.textbooks.models import CriteriaSet, ReviewAssignment

    criteria = CriteriaSet.current() or CriteriaSet.objects.create(name="测试指标", active=True)
    return ReviewAssignment.objects.create(
        textbook=textbook,
        round=1,
        reviewer=reviewer,
        criteria_set=criteria,
        status=status,
        due_date=due,
        assigned_by=by,
    )


def event(textbook, from_stage, to_stage, at):
    from catalogue.textbooks.models import ReviewEvent

    created = ReviewEvent.objects.create(
        textbook=textbook, action="submit", from_stage=from_stage, to_stage=to_stage, round=1
    )
    ReviewEvent.objects.filter(pk=created.pk).update(created_at=at)


@pytest.fixture
def pipeline(people):
    """Applications at several stages, two reviewers' assignments (one overdue), and a timed history."""
    from django.utils import timezone

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    a1 = TextbookFactory(title="甲社申报一", publisher=people.org_a, review_stage=ReviewStage.EXPERT_REVIEW)
    a2 = TextbookFactory(title="甲社申报二", publisher=people.org_a, review_stage=ReviewStage.SUBMITTED)
    b1 = TextbookFactory(title="乙社申报一", publisher=people.org_b, review_stage=ReviewStage.EXPERT_REVIEW)
    overdue = assign(a1, people.reviewer, people.admin, today - 3 * day)
    upcoming = assign(b1, people.reviewer, people.admin, today + 5 * day, status="invited")
    others = assign(b1, people.other_reviewer, people.admin, today - 1 * day)
    done = assign(a1, people.other_reviewer, people.admin, today - 9 * day, status="submitted")
    start = timezone.now() - 30 * day
    event(a1, "draft", "submitted", start)
    event(a1, "submitted", "expert_review", start + 2 * day)
    event(b1, "draft", "submitted", start)
    event(b1, "submitted", "expert_review", start + 4 * day)
    return SimpleNamespace(
        a1=a1, a2=a2, b1=b1, overdue=overdue, upcoming=upcoming, others=others, done=done, today=today
    )
