"""The public side: the list, the draft as opened, the comment form, its refusals and what is shown publicly."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from catalogue.factories import AdjustmentFactory, ProgramFactory
from cms.consultation.factories import CommentFactory, ConsultationFactory
from cms.consultation.models import Comment
from standards.factories import CategoryCourseStandardPageFactory

from .conftest import DRAFT_INFO, PUBLISHED_INFO

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def detail(consultation):
    return reverse("consultation:detail", args=[consultation.pk])


def comment_data(**overrides):
    return {
        "name": "张老师",
        "organisation": "某技师学院",
        "email": "zhang@example.com",
        "text": "建议增加实训学时。",
    } | overrides


def test_list_shows_open_and_closed_with_dates(client, standard):
    now = timezone.now()
    ConsultationFactory(page=standard, title="正在征求意见的草案")
    ConsultationFactory(
        page=standard, title="已截止的草案", opens_at=now - 30 * DAY, closes_at=now - 10 * DAY
    )
    page = client.get(reverse("consultation:index")).content.decode()
    open_part, closed_part = page.split("已截止</h2>")
    assert "正在征求意见的草案" in open_part and "已截止的草案" in closed_part
    assert timezone.localtime(now - 10 * DAY).strftime("%Y-%m-%d") in closed_part


def test_detail_shows_the_draft_revision_not_the_published_text(client, consultation):
    page = client.get(detail(consultation)).content.decode()
    assert DRAFT_INFO in page and PUBLISHED_INFO not in page
    assert "一体化课程1" in page  # the courses, as the standard's public page lays them out
    assert '<form method="post"' in page and "csrfmiddlewaretoken" in page


def test_detail_of_adjustments_shows_the_proposals_as_opened(client, category):
    old = ProgramFactory(category=category, code="8102", name="即将撤销的专业")
    adjustment = AdjustmentFactory(kind="retire", old_programs=[old], rationale="就业率连续三年偏低")
    consultation = ConsultationFactory(adjustments=[adjustment], category=category)
    adjustment.rationale = "开放后改写的理由"
    adjustment.save()
    page = client.get(detail(consultation)).content.decode()
    assert "8102 即将撤销的专业" in page and "就业率连续三年偏低" in page
    assert "开放后改写的理由" not in page


def test_comment_is_stored_pending_and_not_public(client, consultation):
    response = client.post(detail(consultation), comment_data(section="course-C01"))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING and comment.section == "course-C01"
    page = client.get(detail(consultation)).content.decode()
    assert "经审核后公开" in page  # the confirmation
    assert "建议增加实训学时" not in page


def test_approved_comment_is_public_without_email(client, consultation):
    CommentFactory(
        consultation=consultation,
        text="公开的意见正文",
        email="secret@example.com",
        section="info",
        status=Comment.Status.APPROVED,
    )
    page = client.get(detail(consultation)).content.decode()
    assert "公开的意见正文" in page and "涉及：专业信息" in page
    assert "secret@example.com" not in page


def test_rejected_comment_is_never_public(client, consultation):
    CommentFactory(consultation=consultation, text="不予公开的意见", status=Comment.Status.REJECTED)
    consultation.closes_at = timezone.now() - DAY
    consultation.save()
    assert "不予公开的意见" not in client.get(detail(consultation)).content.decode()


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [(1, 10, "征求意见尚未开始"), (-10, -1, "征求意见已于")],
    ids=["before", "after"],
)
def test_comment_outside_the_period_is_refused(client, standard, opens, closes, message):
    now = timezone.now()
    consultation = ConsultationFactory(
        page=standard, opens_at=now + opens * DAY, closes_at=now + closes * DAY
    )
    page = client.get(detail(consultation)).content.decode()
    assert '<form method="post"' not in page and message in page
    response = client.post(detail(consultation), comment_data())
    assert response.status_code == 403 and message in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": ""}, "请填写电子邮箱。"),
        ({"email": "not-an-address"}, "请填写有效的电子邮箱地址。"),
        ({"text": ""}, "请填写意见内容。"),
        ({"text": "好"}, "意见内容过短"),
        ({"text": "长" * (Comment.MAX_LENGTH + 1)}, f"意见内容过长（最多 {Comment.MAX_LENGTH} 字）"),
        ({"section": "no-such-section"}, "所选部分不在本征求意见稿中"),
    ],
    ids=["no-email", "bad-email", "no-text", "short", "long", "section"],
)
def test_invalid_comment_is_refused_in_chinese(client, consultation, overrides, message):
    response = client.post(detail(consultation), comment_data(**overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Comment.objects.exists()


def test_name_and_organisation_are_optional_and_shown_as_anonymous(client, consultation):
    client.post(detail(consultation), comment_data(name="", organisation=""))
    comment = Comment.objects.get()
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert "匿名" in client.get(detail(consultation)).content.decode()


def test_duplicate_is_stored_once_and_flooding_is_limited(client, consultation, settings):
    settings.CONSULTATION_COMMENT_ADDRESS_LIMIT = 4
    client.post(detail(consultation), comment_data())
    again = client.post(detail(consultation), comment_data())
    assert "已提交过内容相同的意见" in again.content.decode() and Comment.objects.count() == 1
    for number in range(6):
        response = client.post(detail(consultation), comment_data(text=f"第 {number} 条不同的意见内容"))
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert response["Retry-After"]
    assert Comment.objects.count() == 4


def test_site_navigation_leads_to_the_consultations(client, db):
    page = client.get(reverse("consultation:index")).content.decode()
    assert '<a href="/consultations/" aria-current="page">征求意见</a>' in page


def test_course_standard_draft_shows_its_sections_and_learning_tasks(client, index, category):
    page = CategoryCourseStandardPageFactory(parent=index, category=category, objectives="掌握安全操作规范")
    page.save_revision()
    consultation = ConsultationFactory(page=page)
    html = client.get(detail(consultation)).content.decode()
    assert "掌握安全操作规范" in html and "课程导论" in html
    assert '<option value="objectives">课程目标</option>' in html  # the comment may name its section
