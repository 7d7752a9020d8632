"""Journey 2, the standard: a program group's draft goes through the Wagtail workflow to the public page.

专业组成员 edits the draft and submits it in the page editor; the category committee member approves the review task
with a comment; the administrator approves the final task, choosing the version kind and the date it takes effect,
which publishes; the public page then shows the new text and the version in its history.
"""

# The role fixtures are imported from the suite that owns them, so the test
# arguments that use them look like redefinitions of unused imports to ruff.
# ruff: noqa: F811

from standards.models import TrainingStandardPage
from tests.standards.conftest import (  # noqa: F401
    admin_user,
    category,
    committee_user,
    home,
    index,
    program,
    program_group_user,
    standard,
)

from .journeys import expect, live_database

NEW_INFO = "本专业面向智能制造企业的数控加工岗位群，专业组于本次修订中补充了多轴加工内容。"


def open_editor_menu(page):
    """The editor's footer keeps every action but the first in a drop-up menu."""
    page.get_by_role("button", name="更多动作").click()


def submit_draft(page, standard, index):
    page.goto(f"/admin/pages/{standard.pk}/edit/")
    page.get_by_role("textbox", name="专业信息").fill(NEW_INFO)
    open_editor_menu(page)
    page.get_by_role("button", name="提交给培养标准审定流程").click()
    page.wait_for_url(f"**/admin/pages/{index.pk}/")
    expect(page.get_by_text("已经提交进行审核")).to_be_visible()


def open_from_dashboard(page, standard):
    """A reviewer finds the standard in the dashboard's "awaiting your review" panel and opens the editor."""
    page.goto("/admin/")
    page.locator("#awaiting-review-section, section", has_text="等待你的审查").get_by_role(
        "link", name=standard.title
    ).first.click()
    page.wait_for_url(f"**/admin/pages/{standard.pk}/edit/")
    expect(page.get_by_role("textbox", name="专业信息")).to_have_value(NEW_INFO)


def committee_approves(page, standard, index):
    open_from_dashboard(page, standard)
    open_editor_menu(page)
    page.get_by_role("button", name="通过并附意见").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("评论").fill("教指委审核同意，建议尽快发布。")
    dialog.get_by_role("button", name="通过并附意见").click()
    page.wait_for_url(f"**/admin/pages/{index.pk}/")


def administrator_publishes(page, standard, index):
    open_from_dashboard(page, standard)
    open_editor_menu(page)
    page.get_by_role("button", name="批准并发布").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("评论").fill("批准发布。")
    # By name: the editor's own 版本发布 tab has fields with the same ids, so the dialog's labels point there.
    dialog.locator("select[name=change_kind]").select_option("major")
    dialog.locator("input[name=effective_date]").fill("2026-09-01")
    dialog.get_by_role("button", name="批准并发布").click()
    page.wait_for_url(f"**/admin/pages/{index.pk}/")


@live_database
def test_program_group_draft_is_reviewed_approved_and_published(
    pages, index, standard, program_group_user, committee_user, admin_user
):
    submit_draft(pages.open(program_group_user), standard, index)
    committee_approves(pages.open(committee_user), standard, index)
    administrator_publishes(pages.open(admin_user), standard, index)

    public = pages.open()
    public.goto(TrainingStandardPage.objects.get(pk=standard.pk).url)
    expect(public.get_by_role("heading", level=1)).to_have_text(standard.title)
    expect(public.locator("#info")).to_contain_text(NEW_INFO)
    expect(public.locator("header .meta")).to_contain_text("现行版本 1.0（2026-09-01 施行）")
    versions = public.locator("#versions tbody tr")
    expect(versions).to_have_count(1)
    expect(versions.first).to_contain_text("1.0")
    expect(versions.first).to_contain_text("2026-09-01")
