"""Journey 1, the textbook: submission → format check → three experts → committee → public notice → listed → found.

Each role works in its own browser context (its own session), as the people do; the public side is anonymous.
"""

# The role fixtures are imported from the suites that own them (private_root is autouse), so the test
# arguments that use them look like redefinitions of unused imports to ruff.
# ruff: noqa: F811

import datetime
import importlib

from django.apps import apps
from django.utils import timezone

import pytest

from catalogue.textbooks.factories import PDF_BYTES
from catalogue.textbooks.models import CriteriaSet, PublicNotice, ReviewAssignment, ReviewStage, Textbook
from tests.textbooks.review.conftest import (  # noqa: F401
    admin,
    category,
    committee,
    org_a,
    private_root,
    publisher_a,
    reviewers,
)

from .journeys import expect, live_database

TITLE = "工业机器人应用编程"
ISBN = "978-7-5045-0001-4"


@pytest.fixture
def criteria(transactional_db):
    """The seeded rubric, again, when the migrated snapshot was not put back (see conftest.py)."""
    if CriteriaSet.current() is None:
        importlib.import_module("catalogue.migrations.0006_seed_review_criteria").seed(apps, None)


def pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}


def detail_url(textbook):
    return f"**/admin/textbook-review/{textbook.pk}/"


def submit_application(publisher):
    """出版社: a draft with both PDFs, then submitted from the review page."""
    publisher.goto("/admin/textbook-applications/add/")
    publisher.fill("#id_isbn", ISBN)
    publisher.fill("#id_title", TITLE)
    publisher.fill("#id_editors", "王五")
    publisher.select_option("#id_kind", "integrated")
    publisher.select_option("#id_level", "advanced")
    publisher.set_input_files("#id_sample_file", pdf("样章.pdf"))
    publisher.set_input_files("#id_toc_file", pdf("目录.pdf"))
    publisher.locator("button.action-save").click()
    publisher.wait_for_url("**/edit/**")
    textbook = Textbook.objects.get(title=TITLE)
    publisher.goto(f"/admin/textbook-review/{textbook.pk}/")
    publisher.get_by_role("link", name="提交申报").click()
    publisher.get_by_role("button", name="确认提交").click()
    publisher.wait_for_url(detail_url(textbook))
    expect(publisher.locator("[data-role=stage]")).to_contain_text("待形式审查")
    return textbook


def format_check_and_assign(staff, textbook, reviewers):
    """管理员: the format check passes, then three reviewers are assigned, both from the review page's buttons."""
    staff.goto(f"/admin/textbook-review/{textbook.pk}/")
    staff.get_by_role("link", name="形式审查").click()
    staff.check("input[name=outcome][value=pass]")
    staff.locator("form button[type=submit]", has_text="提交").click()
    staff.wait_for_url(detail_url(textbook))
    staff.get_by_role("link", name="分配评审专家").click()
    for reviewer in reviewers:
        staff.check(f"input[name=reviewers][value='{reviewer.pk}']")
    staff.locator("form button[type=submit]", has_text="分配").click()
    staff.wait_for_url(detail_url(textbook))
    expect(staff.locator("[data-role=stage]")).to_contain_text("专家评审")


def review(page, textbook, reviewer):
    """评审专家: opens the task from the review page, accepts it, scores every criterion, recommends approval."""
    assignment = ReviewAssignment.objects.get(textbook=textbook, reviewer=reviewer)
    page.goto(f"/admin/textbook-review/{textbook.pk}/")
    page.get_by_role("link", name="我的评审任务").click()
    page.wait_for_url(f"**/admin/textbook-review/assignments/{assignment.pk}/")
    page.check("input[name=accept][value=yes]")
    page.get_by_role("button", name="确认", exact=True).click()
    expect(page.locator("textarea[name=comments]")).to_be_visible()
    total = page.locator("[data-role=weighted-total-value]")
    for criterion in assignment.criteria_set.criteria.all():
        page.fill(f"input[name=score_{criterion.pk}]", "88")
    expect(total).to_have_text("88.0")  # the weighted total follows the typing
    page.fill("textarea[name=comments]", "编排合理，任务贴近岗位。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("[data-role=draft-saved]")).to_be_visible()
    expect(total).to_have_text("88.0")
    page.check("input[name=recommendation][value=approve]")
    page.get_by_role("button", name="提交评审意见").click()
    expect(page.get_by_role("heading", name="我的评审意见")).to_be_visible()


def object_during_notice(public):
    """公众: a written objection during the notice."""
    public.goto("/textbooks/notices/")
    expect(public.locator("main")).to_contain_text(TITLE)
    public.get_by_role("link", name="提出异议").click()
    public.fill("#id_name", "赵老师")
    public.fill("#id_contact", "zhao@example.com")
    public.fill("#id_content", "第三章示例程序与设备手册不一致，请核实。")
    public.get_by_role("button", name="提交异议").click()
    expect(public.get_by_text("您的异议已提交")).to_be_visible()


def resolve_and_close(staff, textbook):
    """管理员: dismisses the objection; once the period is over, closes the notice, which lists the title."""
    staff.goto(f"/admin/textbook-review/{textbook.pk}/")
    staff.locator("[data-role=objections] a.button").click()
    staff.check("input[name=upheld][value=dismissed]")
    staff.fill("textarea[name=resolution]", "经核实与设备手册一致。")
    staff.get_by_role("button", name="提交处理意见").click()
    staff.wait_for_url(detail_url(textbook))
    PublicNotice.objects.filter(textbook=textbook).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    staff.reload()
    staff.get_by_role("link", name="结束公示").click()
    staff.get_by_role("button", name="结束公示").click()
    staff.wait_for_url(detail_url(textbook))
    expect(staff.locator("[data-role=stage]")).to_contain_text("已列入目录")


def found_by_the_public(public):
    """公众: the listed title is in the public list and in search, by a Chinese word and by its pinyin."""
    public.goto("/textbooks/")
    expect(public.locator("tr[data-isbn='9787504500014']")).to_contain_text(TITLE)
    for query in ("机器人", "jiqiren"):  # a word from the title, then its pinyin
        public.goto(f"/search/?q={query}")
        hit = public.locator(".search-hit[data-type=textbook]", has_text=TITLE)
        expect(hit).to_have_count(1)
    hit.get_by_role("link").click()  # the pinyin result leads to the title's public page
    public.wait_for_url("**/textbooks/**")
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)


@live_database
def test_submitted_textbook_is_reviewed_listed_and_found(pages, admin, publisher_a, reviewers, committee):
    textbook = submit_application(pages.open(publisher_a))
    staff = pages.open(admin)
    format_check_and_assign(staff, textbook, reviewers[:3])
    for reviewer in reviewers[:3]:
        review(pages.open(reviewer), textbook, reviewer)

    # 教学指导委员会: approves, which opens the public notice
    chair = pages.open(committee)
    chair.goto(f"/admin/textbook-review/{textbook.pk}/")
    chair.get_by_role("link", name="委员会审定").click()
    chair.check("input[name=outcome][value=approve]")
    chair.fill("textarea[name=reasons]", "专家意见一致，同意列入。")
    chair.get_by_role("button", name="提交审定结论").click()
    chair.wait_for_url(detail_url(textbook))
    expect(chair.locator("[data-role=stage]")).to_contain_text("公示")

    public = pages.open()
    object_during_notice(public)
    resolve_and_close(staff, textbook)

    textbook.refresh_from_db()
    assert textbook.review_stage == ReviewStage.LISTED and textbook.live
    found_by_the_public(public)


@live_database
@pytest.mark.parametrize("width", [1366, 390])
def test_a_publisher_saves_and_submits_from_the_application(pages, publisher_a, width):
    """出版社, on a desktop and on a phone: 保存并提交申报 in the form's own menu, one confirmation, a progress line."""
    publisher = pages.open(publisher_a)
    publisher.set_viewport_size({"width": width, "height": 900})
    publisher.goto("/admin/textbook-applications/add/")
    publisher.fill("#id_isbn", ISBN)
    publisher.fill("#id_title", TITLE)
    publisher.select_option("#id_kind", "foundation")
    publisher.select_option("#id_level", "advanced")
    publisher.set_input_files("#id_sample_file", pdf("样章.pdf"))
    publisher.set_input_files("#id_toc_file", pdf("目录.pdf"))
    publisher.locator("footer .w-dropdown-button [data-w-dropdown-target=toggle]").click()
    publisher.get_by_role("button", name="保存并提交申报").click()
    publisher.wait_for_url("**/submit/")
    expect(publisher.locator("[data-role=progress] [aria-current=step]")).to_contain_text("填写申报")
    publisher.get_by_role("button", name="确认提交").click()
    textbook = Textbook.objects.get(title=TITLE)
    publisher.wait_for_url(detail_url(textbook))
    expect(publisher.locator("[data-role=progress] [aria-current=step]")).to_contain_text("形式审查")
    expect(publisher.locator("main")).not_to_contain_text("第 0 轮")
    button = publisher.get_by_role("link", name="撤回申报")
    assert button.bounding_box()["x"] + button.bounding_box()["width"] <= width  # reachable without scrolling
