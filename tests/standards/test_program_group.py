"""The program group (专业组) role: drafts and submits the standards of its programs, never reviews or approves."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import GroupPagePermission

import pytest

from catalogue.factories import ProgramFactory
from cms.users.roles import PROGRAM_GROUP_MEMBERS, ensure_roles
from standards.factories import CategoryCourseStandardPageFactory, TrainingStandardPageFactory, with_courses
from standards.models import CommitteeReviewTask, StandardApprovalTask, TrainingStandardPage
from standards.setup import ensure_standards_workflow

from .helpers import edit_url, editor_data, refused
from .test_workflow import act, current_task, submit

pytestmark = pytest.mark.django_db


def test_role_and_its_page_permissions_are_created_idempotently(index):
    ensure_roles()
    ensure_standards_workflow(index)
    group = Group.objects.get(role__key=PROGRAM_GROUP_MEMBERS)
    assert group.permissions.filter(codename="access_admin").exists()
    codenames = set(
        GroupPagePermission.objects.filter(group=group, page=index).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page"}
    assert Group.objects.filter(role__key=PROGRAM_GROUP_MEMBERS).count() == 1


def test_member_edits_and_submits_only_their_programs_standard(index, standard, category, program_group_user):
    perms = standard.permissions_for_user(program_group_user)
    assert perms.can_edit() and perms.can_submit_for_moderation()
    assert not perms.can_publish() and not perms.can_unpublish()
    neighbour = TrainingStandardPageFactory(
        parent=index, program=ProgramFactory(category=category, code="7108")
    )
    assert not neighbour.permissions_for_user(program_group_user).can_edit()
    general = CategoryCourseStandardPageFactory(parent=index, category=category)
    assert not general.permissions_for_user(program_group_user).can_edit()


def test_member_cannot_publish_unpublish_or_delete_a_published_standard(published, program_group_user):
    perms = published.permissions_for_user(program_group_user)
    assert perms.can_edit()
    assert not perms.can_publish() and not perms.can_unpublish() and not perms.can_delete()


def test_member_creates_a_draft_only_for_their_programs(client, index, program, category, program_group_user):
    neighbour = ProgramFactory(category=category, code="7108")
    client.force_login(program_group_user)
    url = reverse("wagtailadmin_pages:add", args=["standards", "trainingstandardpage", index.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["form"].fields["program"].queryset) == [program]
    data = {
        "title": "测试数控加工专业国家技能人才培养标准",
        "slug": "standard-7101",
        "program": str(program.pk),
        "change_kind": "major",
        "work_tasks-TOTAL_FORMS": "0",
        "work_tasks-INITIAL_FORMS": "0",
        "courses-TOTAL_FORMS": "0",
        "courses-INITIAL_FORMS": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
    }
    for name in ["total_hours_intermediate", "total_hours_advanced", "total_hours_technician"]:
        data[name] = "0"
    assert (
        client.post(url, {**data, "program": str(neighbour.pk), "slug": "standard-7108"}).status_code == 200
    )
    assert not TrainingStandardPage.objects.filter(program=neighbour).exists()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    page = TrainingStandardPage.objects.get(program=program)
    assert not page.live and page.permissions_for_user(program_group_user).can_edit()


def test_member_cannot_create_course_standards(client, index, category, program_group_user):
    client.force_login(program_group_user)
    url = reverse("wagtailadmin_pages:add", args=["standards", "coursestandardpage", index.pk])
    response = client.get(url)
    assert list(response.context["form"].fields["category"].queryset) == []


def test_draft_by_program_group_then_committee_then_administrators(
    client, standard, program_group_user, committee_user, admin_user
):
    assert submit(client, program_group_user, standard, info="专业组起草的专业信息").status_code == 302
    assert isinstance(current_task(standard), CommitteeReviewTask)
    # the program group cannot take the committee's step, nor edit while the committee reviews
    assert refused(act(client, program_group_user, standard, "approve"))
    assert isinstance(current_task(standard), CommitteeReviewTask)
    task = current_task(standard)
    assert task.get_actions(standard, program_group_user) == []
    assert task.get_task_states_user_can_moderate(program_group_user).count() == 0
    in_review = TrainingStandardPage.objects.get(pk=standard.pk)
    assert in_review.permissions_for_user(program_group_user).page_locked()
    assert not in_review.permissions_for_user(committee_user).page_locked()

    act(client, committee_user, standard, "approve")
    assert isinstance(current_task(standard), StandardApprovalTask)
    assert refused(act(client, program_group_user, standard, "approve", change_kind="major"))
    assert current_task(standard).get_actions(standard, program_group_user) == []

    act(client, admin_user, standard, "approve", change_kind="major", effective_date="2026-09-01")
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert page.live and page.info == "专业组起草的专业信息" and page.current_version.number == "1.0"


def test_committee_sends_back_to_the_program_group_who_resubmit(
    client, standard, program_group_user, committee_user
):
    submit(client, program_group_user, standard)
    act(client, committee_user, standard, "reject", comment="请调整学时")
    assert standard.permissions_for_user(program_group_user).can_edit()
    client.force_login(program_group_user)
    data = editor_data(client, standard)
    data["action-restart-workflow"] = "1"
    client.post(edit_url(standard), data)
    assert isinstance(current_task(standard), CommitteeReviewTask)


def test_member_of_another_programs_group_is_out_of_scope(index, category, standard):
    from standards.factories import ProgramGroupFactory

    from .conftest import _user

    user = _user("std-other-group", PROGRAM_GROUP_MEMBERS)
    other = ProgramFactory(category=category, code="7109")
    ProgramGroupFactory(name="另一专业组", programs=[other], members=[user])
    assert not standard.permissions_for_user(user).can_edit()
    with_courses(page := TrainingStandardPageFactory(parent=index, program=other))
    page.save_revision()
    assert page.permissions_for_user(user).can_edit()


def test_administrators_manage_program_groups_in_the_admin(
    client, index, program, admin_user, committee_user
):
    client.force_login(admin_user)
    assert client.get(reverse("program_groups:index")).status_code == 200
    response = client.post(
        reverse("program_groups:add"),
        {"name": "数控专业组", "programs": [str(program.pk)], "members": [str(committee_user.pk)]},
    )
    assert response.status_code == 302
    assert list(program.program_groups.values_list("name", flat=True)) == ["数控专业组"]
    client.force_login(committee_user)
    assert refused(client.get(reverse("program_groups:index")))
