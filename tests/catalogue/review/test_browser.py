"""The whole path in a real browser (Debian chromium through Playwright), one browser context per role.

Runs in the normal suite; skipped, saying why, when Playwright or chromium is not installed.
"""

import datetime
import importlib
import shutil

from django.apps import apps
from django.conf import settings
from django.test import Client
from django.utils import timezone

import pytest

from catalogue.factories import PDF_BYTES
from catalogue.models import CriteriaSet, PublicNotice, ReviewAssignment, ReviewStage, Textbook

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
TITLE = "工业机器人应用编程"


@pytest.fixture
def browser(monkeypatch):
    if not shutil.which(CHROMIUM):
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def criteria(transactional_db):
    """A transactional test may start after a flush, without the rubric the data migration seeded."""
    if CriteriaSet.current() is None:
        importlib.import_module("catalogue.migrations.0006_seed_review_criteria").seed(apps, None)


def pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}


# available_apps makes Django's flush after the test cascade (PostgreSQL refuses to truncate the search app's
# SQL-only index table otherwise); serialized_rollback restores what data migrations put in for later tests.
@pytest.mark.django_db(
    transaction=True, serialized_rollback=True, available_apps=list(settings.INSTALLED_APPS)
)
def test_the_whole_path_in_chromium(live_server, browser, criteria, admin, publisher_a, reviewers, committee):
    def page_for(user=None):
        context = browser.new_context(locale="zh-CN")
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    def go(page, path):
        page.goto(f"{live_server.url}{path}")

    # 出版社: a draft with both PDFs, then submitted
    publisher = page_for(publisher_a)
    go(publisher, "/admin/textbook-applications/add/")
    publisher.fill("#id_isbn", "978-7-5045-0001-4")
    publisher.fill("#id_title", TITLE)
    publisher.fill("#id_editors", "王五")
    publisher.select_option("#id_kind", "integrated")
    publisher.select_option("#id_level", "advanced")
    publisher.set_input_files("#id_sample_file", pdf("样章.pdf"))
    publisher.set_input_files("#id_toc_file", pdf("目录.pdf"))
    publisher.click("button.action-save")
    publisher.wait_for_url("**/edit/**")
    textbook = Textbook.objects.get(title=TITLE)
    go(publisher, f"/admin/textbook-review/{textbook.pk}/")
    publisher.click("text=提交申报")
    publisher.click("button:has-text('确认提交')")
    publisher.wait_for_url(f"**/textbook-review/{textbook.pk}/")
    assert "待形式审查" in publisher.inner_text("[data-role=stage]")

    # 管理员: format check, then three reviewers
    staff = page_for(admin)
    go(staff, f"/admin/textbook-review/{textbook.pk}/format-check/")
    staff.check("input[name=outcome][value=pass]")
    staff.click("button:has-text('提交')")
    staff.wait_for_url(f"**/textbook-review/{textbook.pk}/")
    go(staff, f"/admin/textbook-review/{textbook.pk}/assign/")
    for reviewer in reviewers[:3]:
        staff.check(f"input[name=reviewers][value='{reviewer.pk}']")
    staff.click("button:has-text('分配')")
    staff.wait_for_url(f"**/textbook-review/{textbook.pk}/")

    # 评审专家: accept, score, comment, recommend
    for reviewer in reviewers[:3]:
        page = page_for(reviewer)
        assignment = ReviewAssignment.objects.get(textbook=textbook, reviewer=reviewer)
        go(page, f"/admin/textbook-review/assignments/{assignment.pk}/")
        page.check("input[name=accept][value=yes]")
        page.click("button:has-text('确认')")
        page.wait_for_selector("textarea[name=comments]")
        for criterion in assignment.criteria_set.criteria.all():
            page.fill(f"input[name=score_{criterion.pk}]", "88")
        page.fill("textarea[name=comments]", "编排合理，任务贴近岗位。")
        page.check("input[name=recommendation][value=approve]")
        page.click("button:has-text('提交评审意见')")
        page.wait_for_selector("text=我的评审意见")
        page.context.close()

    # 教学指导委员会: approve, which opens the public notice
    chair = page_for(committee)
    go(chair, f"/admin/textbook-review/{textbook.pk}/decide/")
    chair.check("input[name=outcome][value=approve]")
    chair.fill("textarea[name=reasons]", "专家意见一致，同意列入。")
    chair.click("button:has-text('提交审定结论')")
    chair.wait_for_url(f"**/textbook-review/{textbook.pk}/")

    # 公众: a written objection during the notice
    public = page_for()
    go(public, "/textbooks/notices/")
    public.click("text=提出异议")
    public.fill("#id_name", "赵老师")
    public.fill("#id_contact", "zhao@example.com")
    public.fill("#id_content", "第三章示例程序与设备手册不一致，请核实。")
    public.click("button:has-text('提交异议')")
    public.wait_for_selector("text=您的异议已提交")

    # 管理员: resolve the objection; once the period is over, close the notice
    go(staff, f"/admin/textbook-review/{textbook.pk}/")
    staff.click("[data-role=objections] a.button")
    staff.check("input[name=upheld][value=dismissed]")
    staff.fill("textarea[name=resolution]", "经核实与设备手册一致。")
    staff.click("button:has-text('提交处理意见')")
    staff.wait_for_url(f"**/textbook-review/{textbook.pk}/")
    PublicNotice.objects.filter(textbook=textbook).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    go(staff, f"/admin/textbook-review/{textbook.pk}/close-notice/")
    staff.click("button:has-text('结束公示')")
    staff.wait_for_url(f"**/textbook-review/{textbook.pk}/")
    assert "已列入目录" in staff.inner_text("[data-role=stage]")

    textbook.refresh_from_db()
    assert textbook.review_stage == ReviewStage.LISTED and textbook.live
    go(public, "/textbooks/")
    assert TITLE in public.inner_text("main")
