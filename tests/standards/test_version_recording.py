"""A version is recorded exactly once each time a standard goes live, whichever way it is published: from the
editor, by the workflow's final approval, or by scheduled publishing when its time comes."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Revision

import pytest

from standards.factories import CategoryCourseStandardPageFactory
from standards.models import CourseStandardPage, StandardVersion, TrainingStandardPage

from .helpers import act, edit_url, editor_data, submit

pytestmark = pytest.mark.django_db


def recorded(page):
    """(number, revision id, published by) of each version, oldest first."""
    return [(v.number, v.revision_id, v.published_by) for v in StandardVersion.objects.filter(page=page)]


def publish_from_editor(client, user, page, **changes):
    client.force_login(user)
    data = editor_data(client, page)
    for key, value in changes.items():
        data[key] = value
    data["action-publish"] = "1"
    response = client.post(edit_url(page), data)
    assert response.status_code == 302
    return TrainingStandardPage.objects.get(pk=page.pk)


def test_publishing_from_the_editor_records_each_publication_once(client, standard, admin_user):
    first = publish_from_editor(client, admin_user, standard, info="第一版的专业信息")
    assert first.live and first.info == "第一版的专业信息"
    assert recorded(first) == [("1.0", first.live_revision_id, admin_user)]

    second = publish_from_editor(client, admin_user, first, info="勘误后的专业信息", change_kind="minor")
    assert second.live_revision_id != first.live_revision_id
    assert recorded(second) == [
        ("1.0", first.live_revision_id, admin_user),
        ("1.1", second.live_revision_id, admin_user),
    ]
    assert "现行版本 1.1" in client.get(second.url).content.decode()


def test_final_approval_of_the_workflow_records_the_version_once(
    client, standard, committee_user, second_committee_user, admin_user
):
    submit(client, committee_user, standard, info="送审的专业信息")
    act(client, second_committee_user, standard, "approve")
    assert not StandardVersion.objects.exists()  # the committee's approval publishes nothing
    act(client, admin_user, standard, "approve", change_kind="major", effective_date="2026-09-01")
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert page.live and page.info == "送审的专业信息"
    assert recorded(page) == [("1.0", page.live_revision_id, admin_user)]
    assert page.current_version.effective_date == datetime.date(2026, 9, 1)


def test_final_approval_of_a_course_standard_records_the_version_once(
    client, index, category, committee_user, second_committee_user, admin_user
):
    page = CategoryCourseStandardPageFactory(parent=index, category=category, title="机械基础")
    page.save_revision(user=committee_user)
    page.get_workflow().start(page, committee_user)
    act(client, second_committee_user, page, "approve")
    act(client, admin_user, page, "approve", change_kind="major", effective_date="")
    page = CourseStandardPage.objects.get(pk=page.pk)
    assert page.live
    assert recorded(page) == [("1.0", page.live_revision_id, admin_user)]


def test_a_due_scheduled_revision_is_published_and_recorded_once(client, standard, admin_user):
    """A revision approved for a time that has passed goes live at the next `publish_scheduled` run."""
    draft = standard.get_latest_revision_as_object()
    draft.go_live_at = timezone.now() - datetime.timedelta(minutes=5)
    draft.info = "定时发布的专业信息"
    revision = draft.save_revision(user=admin_user)
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=draft.go_live_at)
    assert not StandardVersion.objects.exists()

    call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert page.live and page.live_revision_id == revision.pk
    assert recorded(page) == [("1.0", revision.pk, admin_user)]
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115 - nothing is due any more
    assert recorded(page) == [("1.0", revision.pk, admin_user)]
    assert "定时发布的专业信息" in client.get(page.url).content.decode()


def test_scheduling_a_new_standard_records_nothing_until_it_goes_live(standard, admin_user):
    """Wagtail reports a first publication that is only scheduled as published; the page is not live yet."""
    draft = standard.get_latest_revision_as_object()
    draft.go_live_at = timezone.now() + datetime.timedelta(days=1)
    draft.save_revision(user=admin_user).publish(user=admin_user)
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert not page.live and not StandardVersion.objects.exists()
