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
