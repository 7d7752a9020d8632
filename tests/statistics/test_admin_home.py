"""The admin home shows each role its own work, linked to where they act, and nobody else's."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from catalogue.factories import AdjustmentFactory, CategoryFactory, ProgramFactory
from catalogue.models import Adjustment
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import CurriculumFlag, PublicNotice, ReviewStage
from standards.factories import TrainingStandardPageFactory
from standards.setup import ensure_standards_section

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_reviewer_sees_their_open_assignments_with_the_overdue_one_marked(client, people, pipeline):
    page = home(client, people.reviewer)
    assert "我的评审任务" in page
    assert reverse("textbook_review:assignment", args=[pipeline.overdue.pk]) in page
    assert reverse("textbook_review:assignment", args=[pipeline.upcoming.pk]) in page
    assert f"截止 {pipeline.overdue.due_date:%Y-%m-%d}（已逾期）" in page
    assert f"截止 {pipeline.upcoming.due_date:%Y-%m-%d}（已逾期）" not in page
    # another reviewer's assignment on the same title is not theirs
    assert reverse("textbook_review:assignment", args=[pipeline.others.pk]) not in page
    # Wagtail's page panels and the statistics are not for them
    assert "统计" not in page and "待审批事项" not in page


def test_a_reviewer_with_nothing_due_is_told_so(client, people, pipeline):
    page = home(client, people.other_reviewer)
    assert reverse("textbook_review:assignment", args=[pipeline.others.pk]) in page
    assert reverse("textbook_review:assignment", args=[pipeline.done.pk]) not in page  # already submitted


def test_a_publisher_sees_its_own_applications_and_open_flags_only(client, people, pipeline, plan):
    program = ProgramFactory()
    CurriculumFlag.objects.create(textbook=pipeline.a1, program=program, title="需对照新版标准复核（v2.0）")
    CurriculumFlag.objects.create(textbook=pipeline.b1, program=program, title="乙社的复核提示")
    page = home(client, people.publisher_a)
    assert "本社教材申报" in page
    assert "甲社申报一" in page and "甲社申报二" in page
    assert reverse("textbook_review:detail", args=[pipeline.a1.pk]) in page
    assert "专家评审 2" in page and "待形式审查 1" in page and "已列入目录 3" in page
    assert "需对照新版标准复核（v2.0）" in page and reverse("textbook_review:flags") in page
    assert "乙社" not in page


def test_the_other_publisher_sees_none_of_the_first(client, people, pipeline):
    page = home(client, people.publisher_b)
    assert "乙社申报一" in page
    assert "甲社" not in page
    assert page.count("暂无待办") == 1  # no open flags


@pytest.fixture
def committee_work(people):
    mine, theirs = CategoryFactory(code="05", name="交通类"), CategoryFactory(code="06", name="服务类")
    mine.committee_members.add(people.committee)
    index = ensure_standards_section()
    standards = {}
    for category in (mine, theirs):
        page = TrainingStandardPageFactory.build(program=ProgramFactory(category=category))
        index.add_child(instance=page)
        page.save_revision(user=people.admin)
        page.get_workflow().start(page, people.admin)
        standards[category.code] = page
    AdjustmentFactory(reference="ADJ-MINE", kind=Adjustment.Kind.ADD, targets=[("0599", "新能源汽车运维")])
    AdjustmentFactory(
        reference="ADJ-THEIRS", kind=Adjustment.Kind.RETIRE, old_programs=[standards["06"].program]
    )
    TextbookFactory(
        title="本大类待审定", review_stage=ReviewStage.COMMITTEE, programs=[standards["05"].program]
    )
    TextbookFactory(
        title="他大类待审定", review_stage=ReviewStage.COMMITTEE, programs=[standards["06"].program]
    )
    return standards


def test_a_committee_member_sees_their_categories_drafts_proposals_and_titles(client, people, committee_work):
    page = home(client, people.committee)
    assert "教学指导委员会待办" in page
    mine, theirs = committee_work["05"], committee_work["06"]
    assert reverse("wagtailadmin_pages:edit", args=[mine.pk]) in page
    assert reverse("wagtailadmin_pages:edit", args=[theirs.pk]) not in page
    assert "ADJ-MINE" in page and "ADJ-THEIRS" not in page
    assert "本大类待审定" in page and "他大类待审定" not in page


def test_the_administrator_sees_what_waits_for_approval_and_the_statistics(
    client, people, committee_work, pipeline
):
    theirs = committee_work["06"]
    theirs.current_workflow_state.current_task_state.approve(user=people.admin)  # on to the approval step
    listed = TextbookFactory(title="公示期满的教材", review_stage=ReviewStage.NOTICE)
    today = timezone.localdate()
    PublicNotice.objects.create(
        textbook=listed,
        round=1,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today - datetime.timedelta(days=1),
    )
    CurriculumFlag.objects.create(textbook=pipeline.a1, program=theirs.program, title="复核")
    page = home(client, people.admin)
    assert "待审批事项" in page
    assert (
        reverse("catalogue_adjustment:inspect", args=[Adjustment.objects.get(reference="ADJ-MINE").pk])
        in page
    )
    assert reverse("wagtailadmin_pages:edit", args=[theirs.pk]) in page
    assert reverse("textbook_review:format_check", args=[pipeline.a2.pk]) in page
    assert (
        reverse(
            "textbook_review:decide", args=[TextbookFactory._meta.model.objects.get(title="本大类待审定").pk]
        )
        in page
    )
    assert "公示期满的教材" in page and "共 1 条" in page
    assert 'role="img"' in page and reverse("statistics_admin:index") in page


def test_nothing_waiting_says_so_in_chinese(client, people):
    page = home(client, people.admin)
    assert page.count("暂无待办") == 6
