"""The publisher's own screens: save and submit from the application (then one confirmation), a plain notice
naming the files to choose again after a validation error, and the stage as a progress line without 第 0 轮."""

from django.urls import reverse

import pytest

from catalogue.textbooks.models import ReviewStage, Textbook
from catalogue.textbooks.review import services

from .test_upload import ADD, EDIT, application, files, form_data

pytestmark = pytest.mark.django_db

SUBMIT_ACTION = "action-submit-application"


@pytest.fixture
def publisher_client(client, publisher_a):
    client.force_login(publisher_a)
    return client


def progress(html):
    return html.split('data-role="progress"')[1].split("</ol>")[0]


def test_save_and_submit_from_the_application_then_confirm_once(publisher_client):
    data = form_data(publisher_client, reverse(ADD), **application())
    assert "保存并提交申报" in publisher_client.get(reverse(ADD)).content.decode()
    saved = publisher_client.post(reverse(ADD), {**data.dict(), **files(), SUBMIT_ACTION: ""})
    textbook = Textbook.objects.get(isbn="9787504500014")
    assert saved.status_code == 302
    assert saved["Location"] == reverse("textbook_review:submit", args=[textbook.pk])
    assert textbook.review_stage == ReviewStage.DRAFT  # nothing is sent before the confirmation
    confirm = publisher_client.get(saved["Location"]).content.decode()
    assert "确认提交" in confirm and 'data-role="problems"' not in confirm
    assert "第 0 轮" not in confirm  # the confirmation of a first submission named a round 0
    assert publisher_client.post(saved["Location"], {"reason": ""}).status_code == 302
    textbook.refresh_from_db()
    assert textbook.review_stage == ReviewStage.SUBMITTED


def test_the_confirmation_lists_what_is_missing_before_submitting(publisher_client, textbook):
    Textbook.objects.filter(pk=textbook.pk).update(sample_file="")
    page = publisher_client.get(reverse("textbook_review:submit", args=[textbook.pk])).content.decode()
    assert 'data-role="problems"' in page and "请上传样章（PDF）" in page


def test_after_an_error_the_chosen_files_are_named_to_choose_again(publisher_client):
    data = form_data(publisher_client, reverse(ADD), **application(isbn="978-7-5045-0001-5"))
    chosen = files(sample_name="第一章样章.pdf", toc_name="目录.pdf")
    response = publisher_client.post(reverse(ADD), {**data.dict(), **chosen, SUBMIT_ACTION: ""})
    page = response.content.decode()
    assert response.status_code == 200 and "校验位错误" in page
    assert "本次选择的样章（PDF）“第一章样章.pdf”未保存：请改正其他错误后重新选择该文件" in page
    assert "本次选择的目录（PDF）“目录.pdf”未保存" in page
    assert not Textbook.objects.exists()


def test_a_clean_save_gives_no_choose_again_notice(publisher_client, textbook):
    data = form_data(publisher_client, reverse(EDIT, args=[textbook.pk]), title="机械制图（第二稿）")
    response = publisher_client.post(reverse(EDIT, args=[textbook.pk]), {**data.dict(), **files()})
    assert response.status_code == 302
    textbook.refresh_from_db()
    assert textbook.title == "机械制图（第二稿）"


def test_the_stage_reads_as_a_progress_line_without_round_zero(client, publisher_a, textbook, walk, admin):
    client.force_login(publisher_a)
    detail = reverse("textbook_review:detail", args=[textbook.pk])
    draft = client.get(detail).content.decode()
    assert "第 0 轮" not in draft
    assert 'aria-current="step"' in progress(draft) and "● 填写申报（当前）" in progress(draft)
    walk(textbook, "expert_review")
    line = progress(client.get(detail).content.decode())
    assert "✓ 填写申报" in line and "✓ 形式审查" in line and "● 专家评审（当前）" in line and "○ 公示" in line
    client.force_login(admin)
    workbench = client.get(reverse("textbook_review:index")).content.decode()
    listing = client.get(reverse("wagtailsnippets_textbooks_textbook:list")).content.decode()
    assert "第 0 轮" not in workbench and "第 0 轮" not in listing


def test_a_returned_application_shows_where_it_is_and_why(client, publisher_a, textbook, walk, admin):
    walk(textbook, "submitted")
    services.format_check(textbook, admin, False, "缺少编写说明")
    client.force_login(publisher_a)
    page = client.get(reverse("textbook_review:detail", args=[textbook.pk])).content.decode()
    assert "● 填写申报（当前）" in progress(page) and "已退回修改，请修改后重新提交" in page
