"""Wagtail's own editorial tools work for standards: comments, locking, revision comparison, scheduling, audit log."""

import datetime
import json

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Comment, PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from standards.models import StandardVersion, TrainingStandardPage

from .helpers import edit_url, editor_data

pytestmark = pytest.mark.django_db


def test_comment_on_a_section_is_saved_and_shown(client, standard, committee_user):
    client.force_login(committee_user)
    data = editor_data(client, standard)
    comment = {
        "id": "",
        "contentpath": "info",
        "text": "请补充对应职业编码",
        "position": "",
        "resolved": "",
        "replies": inline_formset([]),
    }
    for key, value in nested_form_data({"comments": inline_formset([comment])}).items():
        data[key] = value
    assert client.post(edit_url(standard), data).status_code == 302
    saved = Comment.objects.get(page=standard)
    assert (saved.contentpath, saved.user) == ("info", committee_user)
    shown = client.get(edit_url(standard)).content.decode()
    assert json.dumps("请补充对应职业编码")[1:-1] in shown  # the comments app reads them from a JSON script


def test_lock_keeps_other_editors_out_until_unlocked(client, standard, admin_user, committee_user):
    client.force_login(admin_user)
    client.post(reverse("wagtailadmin_pages:lock", args=[standard.pk]))
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert page.locked and page.locked_by == admin_user
    client.force_login(committee_user)
    data = editor_data(client, page)
    data["info"] = "锁定时的修改"
    client.post(edit_url(page), data)
    assert page.get_latest_revision_as_object().info != "锁定时的修改"
    client.force_login(admin_user)
    client.post(reverse("wagtailadmin_pages:unlock", args=[standard.pk]))
    assert not TrainingStandardPage.objects.get(pk=standard.pk).locked


def test_revision_comparison_shows_section_and_course_changes(client, standard, admin_user):
    first = standard.get_latest_revision()
    draft = standard.get_latest_revision_as_object()
    draft.info = "修订后的专业信息"
    draft.courses.all()[0].name = "改名后的课程"
    second = draft.save_revision()
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:revisions_compare", args=[standard.pk, first.pk, second.pk])
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "修订后的专业信息" in text and "改名后的课程" in text


def test_scheduled_publication_goes_live_and_is_versioned_when_due(standard, monkeypatch):
    draft = standard.get_latest_revision_as_object()
    draft.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = draft.save_revision()
    revision.publish()
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert not page.live and not StandardVersion.objects.exists()
    assert revision.__class__.objects.get(pk=revision.pk).approved_go_live_at is not None
    later = timezone.now() + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert page.live and page.current_version.number == "1.0"


def test_audit_log_records_edits_workflow_and_publication(client, standard, committee_user, admin_user):
    client.force_login(admin_user)
    client.post(reverse("wagtailadmin_pages:lock", args=[standard.pk]))
    client.post(reverse("wagtailadmin_pages:unlock", args=[standard.pk]))
    data = editor_data(client, standard)
    data["action-publish"] = "1"
    client.post(edit_url(standard), data)
    actions = set(PageLogEntry.objects.filter(page=standard).values_list("action", flat=True))
    assert {"wagtail.edit", "wagtail.lock", "wagtail.unlock", "wagtail.publish"} <= actions
    history = client.get(reverse("wagtailadmin_pages:history", args=[standard.pk]))
    assert history.status_code == 200


def test_preview_renders_the_unsaved_draft(client, standard, admin_user):
    client.force_login(admin_user)
    data = editor_data(client, standard)
    data["info"] = "预览中的专业信息"
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[standard.pk])
    assert client.post(url, data).json()["is_valid"] is True
    response = client.get(url)
    assert response.status_code == 200 and "预览中的专业信息" in response.content.decode()
