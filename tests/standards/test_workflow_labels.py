"""The labels of the standards workflow's actions, as the editor's action menu shows them."""

import re

import pytest

from .helpers import act, edit_url, submit

pytestmark = pytest.mark.django_db


def workflow_buttons(html):
    """The editor's workflow action buttons, by action name, with the label the user reads."""
    buttons = re.findall(r'<button[^>]*data-workflow-action-name="(\w+)"[^>]*>(.*?)</button>', html, re.S)
    return {name: re.sub(r"<[^>]+>", "", label).strip() for name, label in buttons}


def test_the_release_step_reads_approve_and_publish_once_in_the_editor(
    client, standard, committee_user, second_committee_user, admin_user
):
    """Wagtail appends "和发布" to the last step's approve label; ours already says 发布, so it must not."""
    submit(client, committee_user, standard)
    act(client, second_committee_user, standard, "approve")
    client.force_login(admin_user)
    html = client.get(edit_url(standard)).content.decode()
    assert workflow_buttons(html) == {"reject": "退回修改", "approve": "批准并发布"}
