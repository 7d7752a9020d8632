"""In a browser: a visitor comments on an open draft, the committee approves it, the public then reads it."""

# A journey of its own process (scripts/test.sh runs tests/e2e apart: Playwright's event loop would disturb later
# transactional tests); the draft and the committee are the consultation tests' own fixtures.
# ruff: noqa: F811

from cms.consultation.models import Comment
from tests.consultation.conftest import (  # noqa: F401
    administrator,
    category,
    committee,
    consultation,
    standard,
)
from tests.standards.conftest import home, index  # noqa: F401

from .journeys import expect, live_database

COMMENT = "建议在课程C01中增加安全操作规范的学习任务。"


def comment_as_visitor(public, consultation):
    public.goto(f"/consultations/{consultation.pk}/")
    expect(public.locator("#draft")).to_contain_text("征求意见稿新增的专业信息段落")
    public.fill("#id_organisation", "某市技师学院")
    public.fill("#id_email", "visitor@example.com")
    public.select_option("#id_section", "course-C01")
    public.fill("#id_text", COMMENT)
    public.get_by_role("button", name="提交意见").click()
    expect(public.get_by_text("您的意见已提交")).to_be_visible()
    expect(public.locator("#comments")).not_to_contain_text(COMMENT)  # pending: not public yet


def approve_as_committee(chair, consultation):
    chair.goto(f"/admin/pages/{consultation.page_id}/edit/")
    chair.locator("#w-slim-header-buttons").get_by_role("button", name="操作").click()  # the actions menu
    chair.get_by_role("link", name="征求意见（1 条）").click()
    expect(chair.locator("main")).to_contain_text(COMMENT[:10])
    chair.locator("main table a", has_text=COMMENT[:10]).first.click()
    chair.check("input[name=status][value=approved]")
    chair.locator("form#w-editor-form button[type=submit]").first.click()
    expect(chair.get_by_text("已将该意见设为“公开”")).to_be_visible()


@live_database
def test_visitor_comment_is_moderated_then_public(pages, consultation, committee):
    public = pages.open()
    comment_as_visitor(public, consultation)
    approve_as_committee(pages.open(committee), consultation)
    assert Comment.objects.get().status == Comment.Status.APPROVED
    public.reload()
    expect(public.locator("#comments")).to_contain_text(COMMENT)
    expect(public.locator("#comments")).to_contain_text("某市技师学院")
    expect(public.locator("body")).not_to_contain_text("visitor@example.com")
