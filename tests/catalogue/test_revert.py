"""Reverting a program to an earlier version: a confirmation page with what changes, a required reason, and the
reason recorded as the new version's comment in the history. Only holders of catalogue.revert_program may."""

from django.urls import reverse

import pytest
import reversion

from catalogue.factories import ProgramFactory, UserFactory
from catalogue.models import Program
from catalogue.versioning import program_versions
from catalogue.wagtail_hooks import program_viewset
from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS

pytestmark = pytest.mark.django_db


def url(view, *args):
    return reverse(program_viewset.get_url_name(view), args=args)


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard and an error message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.fixture
def admin(db):
    return UserFactory(username="revert-admin", groups=[ADMINISTRATORS])


@pytest.fixture
def renamed(admin):
    """A program recorded twice: as created, then renamed and re-described; returns (program, first version)."""
    with reversion.create_revision():
        program = ProgramFactory(name="机床切削加工（车工）", description="原来的简介")
        reversion.set_comment("首次录入")
    with reversion.create_revision():
        program.name, program.description = "车削加工", "改过的简介"
        program.save()
        reversion.set_user(admin)
        reversion.set_comment("试改名称")
    return program, list(program_versions(program))[-1]


def unchanged(program):
    current = Program.objects.get(pk=program.pk)
    return current.name == "车削加工" and program_versions(program).count() == 2


def test_history_offers_a_link_to_the_confirmation_not_an_immediate_revert(client, admin, renamed):
    program, first = renamed
    client.force_login(admin)
    html = client.get(url("history", program.pk)).content.decode()
    assert f'href="{url("revert", program.pk, first.pk)}"' in html and "恢复到此版本" in html
    assert f'action="{url("revert", program.pk, first.pk)}"' not in html


def test_confirmation_shows_each_field_that_changes_and_writes_nothing(client, admin, renamed):
    program, first = renamed
    client.force_login(admin)
    response = client.get(url("revert", program.pk, first.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<td>专业名称</td><td>车削加工</td><td>机床切削加工（车工）</td>" in html
    assert "<td>专业简介</td><td>改过的简介</td><td>原来的简介</td>" in html
    assert "专业代码" not in html.split("<table", 1)[1].split("</table>", 1)[0]  # the code is never restored
    assert "恢复原因" in html and "确认恢复" in html
    assert unchanged(program)


@pytest.mark.parametrize("reason", ["", "   "])
def test_revert_without_a_reason_is_refused_and_writes_nothing(client, admin, renamed, reason):
    program, first = renamed
    client.force_login(admin)
    response = client.post(url("revert", program.pk, first.pk), {"reason": reason})
    assert response.status_code == 200
    assert "请填写恢复原因。" in response.content.decode()
    assert unchanged(program)


def test_revert_with_a_reason_restores_and_the_history_shows_the_reason(client, admin, renamed):
    program, first = renamed
    client.force_login(admin)
    response = client.post(url("revert", program.pk, first.pk), {"reason": "更名未经动态调整批准，撤回"})
    assert response.status_code == 302 and response["Location"] == url("history", program.pk)
    current = Program.objects.get(pk=program.pk)
    assert (current.name, current.description, current.code) == (
        "机床切削加工（车工）",
        "原来的简介",
        program.code,
    )
    latest = program_versions(program).first()
    assert latest.revision.user == admin and "更名未经动态调整批准，撤回" in latest.revision.comment
    history = client.get(url("history", program.pk)).content.decode()
    assert "更名未经动态调整批准，撤回" in history


def test_without_the_revert_permission_both_steps_are_refused(client, renamed):
    program, first = renamed
    member = UserFactory(username="revert-member", groups=[COMMITTEE_MEMBERS])
    program.category.committee_members.add(member)
    client.force_login(member)
    assert refused(client.get(url("revert", program.pk, first.pk)))
    assert refused(client.post(url("revert", program.pk, first.pk), {"reason": "越权恢复"}))
    assert unchanged(program)
