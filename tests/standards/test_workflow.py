"""The review workflow through the admin: submit → committee review → administrator approval → published."""

import datetime
import json

from django.urls import reverse

from wagtail.models import WorkflowState

import pytest

from standards.models import (
    ApprovalTaskState,
    CommitteeReviewTask,
    StandardApprovalTask,
    TrainingStandardPage,
)

from .helpers import act, edit_url, editor_data, refused, submit

pytestmark = pytest.mark.django_db


def current_task(page):
    state = TrainingStandardPage.objects.get(pk=page.pk).current_workflow_state
    return state.current_task_state.task.specific if state else None


def test_full_path_from_draft_to_published_version(
    client, standard, committee_user, second_committee_user, admin_user
):
    response = submit(client, committee_user, standard, info="委员修改后的专业信息")
    assert response.status_code == 302
    assert isinstance(current_task(standard), CommitteeReviewTask)

    assert act(client, second_committee_user, standard, "approve", comment="教指委同意").status_code == 302
    assert isinstance(current_task(standard), StandardApprovalTask)

    response = act(
        client,
        admin_user,
        standard,
        "approve",
        comment="批准",
        change_kind="major",
        effective_date="2026-09-01",
    )
    assert response.status_code == 302
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert page.live and page.info == "委员修改后的专业信息"
    version = page.current_version
    assert (version.number, version.effective_date, version.published_by) == (
        "1.0",
        datetime.date(2026, 9, 1),
        admin_user,
    )
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_APPROVED


def test_second_publication_as_minor_correction_is_1_1(
    client, published, committee_user, second_committee_user, admin_user
):
    submit(client, committee_user, published, info="勘误后的专业信息")
    act(client, second_committee_user, published, "approve")
    act(client, admin_user, published, "approve", change_kind="minor", effective_date="")
    assert list(published.versions.values_list("number", "change_kind")) == [
        ("1.0", "major"),
        ("1.1", "minor"),
    ]
    assert ApprovalTaskState.objects.get().change_kind == "minor"


def test_committee_rejects_and_the_group_resubmits(
    client, standard, committee_user, second_committee_user, admin_user
):
    submit(client, committee_user, standard)
    act(client, second_committee_user, standard, "reject", comment="学时安排需调整")
    state = TrainingStandardPage.objects.get(pk=standard.pk).current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not TrainingStandardPage.objects.get(pk=standard.pk).live
    client.force_login(committee_user)
    data = editor_data(client, standard)
    data["action-restart-workflow"] = "1"
    client.post(edit_url(standard), data)
    assert isinstance(current_task(standard), CommitteeReviewTask)


def test_administrator_rejects_back_to_the_program_group(
    client, standard, committee_user, second_committee_user, admin_user
):
    submit(client, committee_user, standard)
    act(client, second_committee_user, standard, "approve")
    act(client, admin_user, standard, "reject", comment="请补充实施建议")
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES and not page.live
    assert not page.versions.exists()


def test_committee_of_another_category_cannot_review(
    client, standard, committee_user, second_committee_user, other_committee_user
):
    submit(client, committee_user, standard)
    assert refused(act(client, other_committee_user, standard, "approve"))
    assert isinstance(current_task(standard), CommitteeReviewTask)
    assert (
        CommitteeReviewTask.objects.get().get_task_states_user_can_moderate(other_committee_user).count() == 0
    )
    assert (
        CommitteeReviewTask.objects.get().get_task_states_user_can_moderate(second_committee_user).count()
        == 1
    )


def test_committee_member_cannot_take_the_administrators_step(
    client, standard, committee_user, second_committee_user
):
    submit(client, committee_user, standard)
    act(client, second_committee_user, standard, "approve")
    assert refused(act(client, second_committee_user, standard, "approve", change_kind="major"))
    assert not TrainingStandardPage.objects.get(pk=standard.pk).live


def test_inconsistent_standard_cannot_be_approved_for_publication(
    client, standard, committee_user, second_committee_user, admin_user
):
    submit(client, committee_user, standard, total_hours_intermediate="999")
    act(client, second_committee_user, standard, "approve")
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    actions = [name for name, _, _ in current_task(standard).get_actions(page, admin_user)]
    assert actions == ["reject"]
    assert refused(act(client, admin_user, standard, "approve", change_kind="major"))
    assert not TrainingStandardPage.objects.get(pk=standard.pk).live
    client.force_login(admin_user)
    assert (
        "中级技能：一体化课程学时合计 200，与标准声明的总学时 999 不符。"
        in client.get(edit_url(standard)).content.decode()
    )


def test_approval_dialog_asks_for_version_kind_and_effective_date(
    client, standard, committee_user, second_committee_user, admin_user
):
    submit(client, committee_user, standard)
    act(client, second_committee_user, standard, "approve")
    client.force_login(admin_user)
    state = TrainingStandardPage.objects.get(pk=standard.pk).current_workflow_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[standard.pk, "approve", state.current_task_state.pk]
    )
    html = client.get(url).json()["html"]
    assert "发布性质" in html and "施行日期" in html and "勘误（次版本号加一）" in html


def test_approver_can_approve_from_the_editor_with_version_data(
    client, standard, committee_user, second_committee_user, admin_user
):
    submit(client, committee_user, standard)
    act(client, second_committee_user, standard, "approve")
    client.force_login(admin_user)
    task_state = TrainingStandardPage.objects.get(pk=standard.pk).current_workflow_state.current_task_state
    collect = reverse(
        "wagtailadmin_pages:collect_workflow_action_data", args=[standard.pk, "approve", task_state.pk]
    )
    response = client.post(
        collect,
        {"comment": "", "change_kind": "major", "effective_date": "2026-03-01"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    cleaned = response.json()["cleaned_data"]
    data = editor_data(client, standard)
    data.update(
        {
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps(cleaned),
        }
    )
    client.post(edit_url(standard), data)
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert page.live and page.current_version.effective_date == datetime.date(2026, 3, 1)
