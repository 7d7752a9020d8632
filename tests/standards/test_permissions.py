"""Each role against the standards: who may open the editor, publish, create, and for which categories."""

from django.urls import reverse

import pytest

from catalogue.factories import ProgramFactory
from standards.factories import CategoryCourseStandardPageFactory, CourseStandardPageFactory
from standards.models import TrainingStandardPage

from .helpers import edit_url, editor_data, refused

pytestmark = pytest.mark.django_db

ROLES = ["admin_user", "committee_user", "other_committee_user", "publisher_user", "reviewer_user"]
MAY_EDIT = {"admin_user": True, "committee_user": True}


@pytest.mark.parametrize("role", ROLES)
def test_editor_access_by_role(request, client, standard, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get(edit_url(standard))
    assert (response.status_code == 200) is MAY_EDIT.get(role, False)
    if not MAY_EDIT.get(role):
        assert refused(response)
    assert standard.permissions_for_user(user).can_edit() is MAY_EDIT.get(role, False)


def test_anonymous_is_sent_to_the_login_page(client, standard):
    response = client.get(edit_url(standard))
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize(
    ("role", "may_publish"),
    [("admin_user", True), ("committee_user", False), ("other_committee_user", False)],
)
def test_only_administrators_publish_directly(request, standard, role, may_publish):
    assert standard.permissions_for_user(request.getfixturevalue(role)).can_publish() is may_publish


def test_committee_member_publish_button_only_saves_a_draft(client, standard, committee_user):
    client.force_login(committee_user)
    data = editor_data(client, standard)
    data["action-publish"] = "1"
    client.post(edit_url(standard), data)
    assert not TrainingStandardPage.objects.get(pk=standard.pk).live


def test_administrator_publishes_from_the_editor(client, standard, admin_user):
    client.force_login(admin_user)
    data = editor_data(client, standard)
    data["action-publish"] = "1"
    client.post(edit_url(standard), data)
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert page.live and page.current_version.number == "1.0"


def test_inconsistent_publish_from_the_editor_is_stopped_with_messages(client, standard, admin_user):
    client.force_login(admin_user)
    data = editor_data(client, standard)
    data["total_hours_advanced"] = "10"
    data["action-publish"] = "1"
    response = client.post(edit_url(standard), data, follow=True)
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert not page.live and page.get_latest_revision_as_object().total_hours_advanced == 10
    text = response.content.decode()
    assert "未发布" in text and "高级技能：一体化课程学时合计 160，与标准声明的总学时 10 不符。" in text


def test_committee_member_may_create_only_for_programs_of_their_category(
    client, index, program, other_category, committee_user
):
    foreign = ProgramFactory(category=other_category, code="7201")
    client.force_login(committee_user)
    url = reverse("wagtailadmin_pages:add", args=["standards", "trainingstandardpage", index.pk])
    response = client.get(url)
    assert response.status_code == 200
    choices = list(response.context["form"].fields["program"].queryset)
    assert program in choices and foreign not in choices


def test_index_page_is_the_administrators(index, committee_user, admin_user):
    assert not index.permissions_for_user(committee_user).can_edit()
    assert index.permissions_for_user(committee_user).can_add_subpage()
    assert index.permissions_for_user(admin_user).can_edit()


def test_committee_member_of_another_category_cannot_lock_or_delete(
    standard, other_committee_user, committee_user
):
    perms = standard.permissions_for_user(other_committee_user)
    assert not perms.can_lock() and not perms.can_delete() and not perms.can_submit_for_moderation()
    assert standard.permissions_for_user(committee_user).can_submit_for_moderation()


def test_version_register_is_read_only_for_administrators(client, published, admin_user, committee_user):
    client.force_login(admin_user)
    assert client.get(reverse("standard_versions:index")).status_code == 200
    version = published.current_version
    assert client.get(reverse("standard_versions:inspect", args=[version.pk])).status_code == 200
    assert refused(client.get(reverse("standard_versions:add")))
    assert refused(client.get(reverse("standard_versions:delete", args=[version.pk])))
    client.force_login(committee_user)
    assert refused(client.get(reverse("standard_versions:index")))


def test_course_standards_follow_the_same_scope(
    index, category, committee_user, other_committee_user, admin_user
):
    general = CategoryCourseStandardPageFactory(parent=index, category=category)
    public = CourseStandardPageFactory(parent=index)
    assert general.permissions_for_user(committee_user).can_edit()
    assert not general.permissions_for_user(other_committee_user).can_edit()
    assert not public.permissions_for_user(committee_user).can_edit()
    assert public.permissions_for_user(admin_user).can_edit()
