"""The committee's side: opening a consultation in scope, moderating comments, reading them beside the draft."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from catalogue.factories import AdjustmentFactory, ProgramFactory, UserFactory
from catalogue.wagtail_hooks import adjustment_viewset
from cms.consultation.factories import CommentFactory, ConsultationFactory
from cms.consultation.models import Comment, Consultation
from cms.consultation.wagtail_hooks import comment_viewset, consultation_viewset
from cms.users.roles import REVIEWERS

pytestmark = pytest.mark.django_db


def url(viewset, view, *args):
    return reverse(viewset.get_url_name(view), args=args)


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard (or a bare 403)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def period(days_from_now=0, length=14):
    start = timezone.localtime() + datetime.timedelta(days=days_from_now)
    end = start + datetime.timedelta(days=length)
    return {"opens_at": f"{start:%Y-%m-%d %H:%M}", "closes_at": f"{end:%Y-%m-%d %H:%M}"}


def open_form(**fields):
    return {"title": "征求意见稿", "explanation": "请各方提出意见。", **period(), **fields}


def test_committee_opens_a_consultation_on_the_standards_latest_draft(client, committee, standard):
    client.force_login(committee)
    response = client.post(
        url(consultation_viewset, "add"), open_form(subject="standard", standard=standard.pk)
    )
    assert response.status_code == 302, response.content.decode()
    consultation = Consultation.objects.get()
    assert consultation.revision == standard.get_latest_revision()
    assert consultation.category == standard.program.category and consultation.opened_by == committee


def test_another_categorys_committee_may_not_open_one(client, other_committee, standard):
    client.force_login(other_committee)
    response = client.post(
        url(consultation_viewset, "add"), open_form(subject="standard", standard=standard.pk)
    )
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not Consultation.objects.exists()


def test_adjustments_of_another_category_are_refused_in_chinese(client, other_committee, category):
    adjustment = AdjustmentFactory(old_programs=[ProgramFactory(category=category, code="8109")])
    client.force_login(other_committee)
    form = open_form(subject="adjustments", adjustment_set=[adjustment.pk])
    response = client.post(url(consultation_viewset, "add"), form)
    assert "您不是该专业大类的教学指导委员会委员" in response.content.decode()
    assert not Consultation.objects.exists()


def test_committee_opens_a_consultation_on_pending_adjustments(client, committee, category):
    adjustment = AdjustmentFactory(targets=[("8150", "新能源测试专业")], rationale="新兴产业急需")
    client.force_login(committee)
    form = open_form(subject="adjustments", adjustment_set=[adjustment.pk])
    assert client.post(url(consultation_viewset, "add"), form).status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.category == category
    assert consultation.adjustment_snapshot[0]["new_programs"] == ["8150 新能源测试专业"]


def test_period_must_end_after_it_starts(client, committee, standard):
    client.force_login(committee)
    dates = {"opens_at": period(5)["opens_at"], "closes_at": period(1)["opens_at"]}
    form = open_form(subject="standard", standard=standard.pk) | dates
    response = client.post(url(consultation_viewset, "add"), form)
    assert "截止时间必须晚于开始时间。" in response.content.decode()
    assert not Consultation.objects.exists()


def test_people_outside_the_committees_have_no_consultation_admin(client, db):
    client.force_login(UserFactory(username="reviewer", groups=[REVIEWERS]))
    assert refused(client.get(url(consultation_viewset, "add")))
    assert refused(client.get(url(comment_viewset, "index")))


def test_committee_approves_and_rejects(client, committee, consultation):
    approved, rejected = CommentFactory.create_batch(2, consultation=consultation)
    client.force_login(committee)
    client.post(url(comment_viewset, "edit", approved.pk), {"status": "approved"})
    client.post(url(comment_viewset, "edit", rejected.pk), {"status": "rejected"})
    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert approved.status == Comment.Status.APPROVED and approved.moderated_by == committee
    assert rejected.status == Comment.Status.REJECTED


def test_another_categorys_committee_may_not_moderate(client, other_committee, consultation):
    comment = CommentFactory(consultation=consultation)
    client.force_login(other_committee)
    assert refused(client.post(url(comment_viewset, "edit", comment.pk), {"status": "approved"}))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    listing = client.get(url(comment_viewset, "index")).content.decode()
    assert comment.text[:10] not in listing


def test_committee_sees_every_comment_beside_the_draft(client, committee, consultation):
    pending = CommentFactory(consultation=consultation, text="待审核的意见甲", email="jia@example.com")
    CommentFactory(consultation=consultation, text="不予公开的意见乙", status=Comment.Status.REJECTED)
    client.force_login(committee)
    listing = client.get(url(comment_viewset, "index") + f"?consultation={consultation.pk}").content.decode()
    assert "待审核的意见甲" in listing and "不予公开的意见乙" in listing
    assert reverse("consultation:detail", args=[consultation.pk]) in listing  # the draft, one click away
    screen = client.get(url(comment_viewset, "edit", pending.pk)).content.decode()
    assert "jia@example.com" in screen and "待审核的意见甲" in screen


def test_standards_editor_links_to_its_comments(client, committee, consultation):
    CommentFactory.create_batch(2, consultation=consultation)
    client.force_login(committee)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[consultation.page_id])).content.decode()
    assert "征求意见（2 条）" in editor
    assert f"?consultation={consultation.pk}" in editor


def test_adjustment_comments_link_to_the_approval_screen(client, administrator, category):
    adjustment = AdjustmentFactory(targets=[("8151", "康养测试专业")])
    consultation = ConsultationFactory(adjustments=[adjustment], category=category)
    client.force_login(administrator)
    listing = client.get(url(comment_viewset, "index") + f"?consultation={consultation.pk}").content.decode()
    assert url(adjustment_viewset, "approve", adjustment.pk) in listing


def test_adjustment_screens_link_to_its_comments(client, administrator, committee, other_committee, category):
    """The approval screen and the adjustment's own page name the consultation's comments beside the proposal."""
    adjustment = AdjustmentFactory(targets=[("8152", "康养测试专业")])
    consultation = ConsultationFactory(adjustments=[adjustment], category=category)
    CommentFactory(consultation=consultation)
    comments = f"?consultation={consultation.pk}"
    client.force_login(administrator)
    approval = client.get(url(adjustment_viewset, "approve", adjustment.pk)).content.decode()
    assert "征求意见（1 条）" in approval and comments in approval
    client.force_login(committee)
    assert (
        "征求意见（1 条）" in client.get(url(adjustment_viewset, "inspect", adjustment.pk)).content.decode()
    )
    client.force_login(other_committee)
    page = client.get(url(adjustment_viewset, "inspect", adjustment.pk)).content.decode()
    assert "征求意见（" not in page


def test_listing_counts_comments_in_scope_only(client, committee, other_committee, consultation):
    CommentFactory.create_batch(2, consultation=consultation)
    client.force_login(committee)
    assert client.get(url(consultation_viewset, "add")).status_code == 200
    listing = client.get(url(consultation_viewset, "index")).content.decode()
    assert consultation.title in listing and "意见 2 条（待审核 2 条）" in listing
    response = client.get(url(consultation_viewset, "inspect", consultation.pk))
    assert response.status_code == 200, response.get("Location")
    inspect = response.content.decode()
    assert "意见 2 条（待审核 2 条）" in inspect
    client.force_login(other_committee)
    assert consultation.title not in client.get(url(consultation_viewset, "index")).content.decode()
    assert refused(client.get(url(consultation_viewset, "inspect", consultation.pk)))
