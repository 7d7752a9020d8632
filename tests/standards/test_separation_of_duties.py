"""Separation of duties in the standards workflow: nobody acts on an approval step of their own work.

Own work is the standard one submitted to the workflow, or whose revision under review one wrote. The step is not
offered (editor menu, dashboard) and a forged POST to Wagtail's workflow action URL is refused; another member of
the same role acts instead. Administrators and superusers are held to the same rule.
"""

from django.urls import reverse

from wagtail.models import TaskState, WorkflowState

import pytest

from catalogue.factories import UserFactory
from cms.users.roles import ADMINISTRATORS
from standards.factories import CategoryCourseStandardPageFactory
from standards.models import (
    CommitteeReviewTask,
    CourseStandardPage,
    StandardApprovalTask,
    TrainingStandardPage,
)

from .helpers import act, edit_url, editor_data, refused, submit

pytestmark = pytest.mark.django_db


def task_of(page):
    state = type(page).objects.get(pk=page.pk).current_workflow_state
    return state.current_task_state.task.specific


def awaiting_review(client, user):
    """The titles in the dashboard's "等待你的审查" panel, as the user sees it."""
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    return html.split("等待你的审查", 1)[1] if "等待你的审查" in html else ""


@pytest.fixture
def second_admin(db):
    return UserFactory(username="std-admin-2", groups=[ADMINISTRATORS])


@pytest.fixture
def superuser(db):
    return UserFactory(username="std-root", is_superuser=True, is_staff=True)


def test_submitter_cannot_approve_the_committee_step_of_their_own_standard(
    client, standard, committee_user, second_committee_user
):
    submit(client, committee_user, standard, info="委员自己修改并送审")
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    task = task_of(standard)
    assert task.get_actions(page, committee_user) == []
    assert task.get_task_states_user_can_moderate(committee_user).count() == 0
    assert standard.title not in awaiting_review(client, committee_user)
    editor = client.get(edit_url(standard)).content.decode()
    assert "通过并附意见" not in editor and "退回修改" not in editor

    assert refused(act(client, committee_user, standard, "approve", comment="自己通过"))
    assert refused(act(client, committee_user, standard, "reject"))
    assert isinstance(task_of(standard), CommitteeReviewTask)
    assert TaskState.objects.get().status == TaskState.STATUS_IN_PROGRESS

    assert standard.title in awaiting_review(client, second_committee_user)
    assert act(client, second_committee_user, standard, "approve").status_code == 302
    assert isinstance(task_of(standard), StandardApprovalTask)


def test_writer_of_the_revision_under_review_cannot_approve_it(
    client, standard, program_group_user, committee_user, second_committee_user
):
    submit(client, program_group_user, standard)
    draft = TrainingStandardPage.objects.get(pk=standard.pk).get_latest_revision_as_object()
    draft.info = "审核中由委员改写的专业信息"
    draft.save_revision(user=committee_user)

    assert task_of(standard).get_actions(draft, committee_user) == []
    assert refused(act(client, committee_user, standard, "approve"))
    assert isinstance(task_of(standard), CommitteeReviewTask)
    assert act(client, second_committee_user, standard, "approve").status_code == 302


def test_administrator_who_submitted_cannot_approve_the_release(
    client, standard, admin_user, second_admin, committee_user
):
    submit(client, admin_user, standard, info="管理员送审的专业信息")
    act(client, committee_user, standard, "approve")
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    task = task_of(standard)
    assert isinstance(task, StandardApprovalTask)
    assert task.get_actions(page, admin_user) == []
    assert task.get_task_states_user_can_moderate(admin_user).count() == 0
    assert "批准并发布" not in client.get(edit_url(standard)).content.decode()

    assert refused(act(client, admin_user, standard, "approve", change_kind="major", effective_date=""))
    assert not TrainingStandardPage.objects.get(pk=standard.pk).live

    act(client, second_admin, standard, "approve", change_kind="major", effective_date="")
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert page.live and page.current_version.published_by == second_admin


def test_superuser_who_submitted_acts_on_neither_step(client, standard, superuser, committee_user):
    submit(client, superuser, standard)
    assert refused(act(client, superuser, standard, "approve"))
    assert CommitteeReviewTask.objects.get().get_task_states_user_can_moderate(superuser).count() == 0
    act(client, committee_user, standard, "approve")
    assert refused(act(client, superuser, standard, "approve", change_kind="major", effective_date=""))
    assert StandardApprovalTask.objects.get().get_task_states_user_can_moderate(superuser).count() == 0
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_IN_PROGRESS


def test_course_standard_submitter_cannot_approve_it(
    client, index, category, committee_user, second_committee_user
):
    page = CategoryCourseStandardPageFactory(parent=index, category=category, title="机械基础")
    page.save_revision(user=committee_user)
    page.get_workflow().start(page, committee_user)

    assert refused(act(client, committee_user, page, "approve"))
    assert isinstance(task_of(page), CommitteeReviewTask)
    assert act(client, second_committee_user, page, "approve").status_code == 302
    assert isinstance(task_of(CourseStandardPage.objects.get(pk=page.pk)), StandardApprovalTask)


def test_forged_approval_from_the_editor_is_refused(client, standard, committee_user):
    """The editor's own workflow-action POST path asks the same question as the action URL."""
    submit(client, committee_user, standard, info="委员自己修改并送审")
    client.force_login(committee_user)
    data = editor_data(client, standard)
    data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
    client.post(edit_url(standard), data)
    assert isinstance(task_of(standard), CommitteeReviewTask)


def test_administrator_cannot_publish_their_own_submission_from_the_editor(
    client, standard, admin_user, second_admin, committee_user
):
    """Publishing from the editor would cancel the workflow and skip its approval: the editor is locked for the
    submitter while the standard is under review, so the publish changes nothing."""
    submit(client, admin_user, standard, info="管理员送审的专业信息")
    data = editor_data(client, standard)
    data["action-publish"] = "1"
    client.post(edit_url(standard), data)
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert not page.live and WorkflowState.objects.get().status == WorkflowState.STATUS_IN_PROGRESS

    act(client, committee_user, standard, "approve")
    act(client, second_admin, standard, "approve", change_kind="major", effective_date="")
    assert TrainingStandardPage.objects.get(pk=standard.pk).live
