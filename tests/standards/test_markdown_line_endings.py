"""Markdown saved from the admin is stored with LF line endings, as imports store it: a browser posts a textarea
with CRLF, and before this the page row, its revisions and the Markdown export kept the CRs."""

import pytest

from standards.models import TrainingStandardPage

from .helpers import edit_url, editor_data

pytestmark = pytest.mark.django_db

TYPED = "第一段。\r\n\r\n| 课程 | 学时 |\r\n| --- | --- |\r\n| 机械制图 | 60 |\r\n旧式换行\r结束"
STORED = "第一段。\n\n| 课程 | 学时 |\n| --- | --- |\n| 机械制图 | 60 |\n旧式换行\n结束"


def test_admin_publish_stores_markdown_with_lf(client, standard, admin_user):
    client.force_login(admin_user)
    data = editor_data(client, standard)
    data["info"] = TYPED
    data["courses-0-objectives"] = "能识读图样；\r\n能编制工艺。"
    data["courses-0-learning_tasks-0-value-description"] = "读图；\r\n编程。"
    data["action-publish"] = "1"
    response = client.post(edit_url(standard), data)
    assert response.status_code == 302
    page = TrainingStandardPage.objects.get(pk=standard.pk)
    assert page.live and page.info == STORED
    course = page.courses.get(code="C01")
    assert course.objectives == "能识读图样；\n能编制工艺。"
    assert course.learning_tasks[0].value["description"] == "读图；\n编程。"
    revision = page.get_latest_revision()
    assert "\r" not in revision.content["info"]


def test_a_draft_saved_from_the_admin_keeps_lf_in_its_revision(client, standard, admin_user):
    client.force_login(admin_user)
    data = editor_data(client, standard)
    data["implementation"] = TYPED
    client.post(edit_url(standard), data)
    draft = TrainingStandardPage.objects.get(pk=standard.pk).get_latest_revision_as_object()
    assert draft.implementation == STORED
