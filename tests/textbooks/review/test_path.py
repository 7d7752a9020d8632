"""The whole path from a publisher's submission to a listed title, each role in its own browser session."""

import datetime

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from catalogue.textbooks.models import (
    Notification,
    Objection,
    PublicNotice,
    ReviewAssignment,
    ReviewStage,
    Textbook,
)

from .test_upload import ADD, application, files, form_data

pytestmark = pytest.mark.django_db


def session(user):
    client = Client()
    client.force_login(user)
    return client


def review(name, pk):
    return reverse(f"textbook_review:{name}", args=[pk])


def ok(response):
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_from_submission_to_the_published_list(admin, publisher_a, reviewers, committee, org_a):
    publisher, staff, chair = session(publisher_a), session(admin), session(committee)

    # 申报: a draft with both PDFs, then submitted
    data = form_data(publisher, reverse(ADD), **application(title="数控车削编程"))
    ok(publisher.post(reverse(ADD), {**data.dict(), **files()}))
    textbook = Textbook.objects.get(title="数控车削编程")
    assert textbook.publisher == org_a
    ok(publisher.post(review("submit", textbook.pk), {"reason": ""}))

    # 形式审查: returned with reasons, answered, resubmitted, passed
    ok(
        staff.post(
            review("format_check", textbook.pk), {"outcome": "return", "reason": "缺少编写人员资质说明"}
        )
    )
    assert "缺少编写人员资质说明" in publisher.get(review("detail", textbook.pk)).content.decode()
    ok(publisher.post(review("submit", textbook.pk), {"reason": "已补充资质说明"}))
    ok(staff.post(review("format_check", textbook.pk), {"outcome": "pass", "reason": ""}))

    # 专家评审: two reviewers refused (too few), three assigned; each accepts and scores
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    too_few = staff.post(
        review("assign", textbook.pk), {"reviewers": [r.pk for r in reviewers[:2]], "due_date": due}
    )
    assert too_few.status_code == 200 and "至少须有 3 位评审专家" in too_few.content.decode()
    ok(
        staff.post(
            review("assign", textbook.pk), {"reviewers": [r.pk for r in reviewers[:3]], "due_date": due}
        )
    )
    for reviewer in reviewers[:3]:
        client = session(reviewer)
        assignment = ReviewAssignment.objects.get(textbook=textbook, reviewer=reviewer)
        url = review("assignment", assignment.pk)
        ok(client.post(url, {"accept": "yes"}))
        scores = {f"score_{c.pk}": 85 for c in assignment.criteria_set.criteria.all()}
        ok(client.post(url, {**scores, "comments": "结构清晰，案例贴近岗位", "recommendation": "approve"}))
    textbook.refresh_from_db()
    assert textbook.review_stage == ReviewStage.COMMITTEE

    # 委员会审定 → 公示
    ok(chair.post(review("decide", textbook.pk), {"outcome": "approve", "reasons": "评审意见一致，同意列入"}))
    notices = Client().get(reverse("textbooks:notices")).content.decode()
    assert "数控车削编程" in notices

    # 异议: anyone may object in writing; staff resolve it
    notice = PublicNotice.objects.get(textbook=textbook)
    public = Client(enforce_csrf_checks=True)
    form_page = public.get(reverse("textbooks:objection", args=[notice.pk]))
    token = form_page.cookies["csrftoken"].value
    objection = {
        "name": "王老师",
        "contact": "wang@example.com",
        "content": "第二章例题与现行标准不符，请核实。",
    }
    ok(
        public.post(
            reverse("textbooks:objection", args=[notice.pk]), {**objection, "csrfmiddlewaretoken": token}
        )
    )
    filed = Objection.objects.get()
    ok(
        staff.post(
            review("resolve_objection", filed.pk), {"upheld": "dismissed", "resolution": "经核实符合标准"}
        )
    )

    # 列入目录: not before the period ends; afterwards on staff action
    early = staff.post(review("close_notice", textbook.pk), {"reason": ""})
    assert early.status_code == 200 and "期满后才能处理" in early.content.decode()
    PublicNotice.objects.filter(pk=notice.pk).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    ok(staff.post(review("close_notice", textbook.pk), {"reason": ""}))
    textbook.refresh_from_db()
    assert textbook.review_stage == ReviewStage.LISTED and textbook in Textbook.objects.listed()
    assert "数控车削编程" in Client().get(reverse("textbooks:list")).content.decode()
    assert Client().get(textbook.get_absolute_url()).status_code == 200

    # who, when, why; notifications in the inbox and by e-mail
    detail = staff.get(review("detail", textbook.pk)).content.decode()
    for words in ("提交申报", "形式审查退回", "缺少编写人员资质说明", "委员会审定通过", "公示期满，列入目录"):
        assert words in detail
    inbox = publisher.get(reverse("textbook_review:inbox")).content.decode()
    assert "已列入规划教材目录" in inbox
    assert Notification.objects.filter(recipient=reviewers[0]).exists()
    assert {"a@example.com", "r1@example.com"} <= {address for m in mail.outbox for address in m.to}


def test_objection_form_validates_in_chinese(textbook, walk):
    walk(textbook, "notice")
    notice = textbook.notices.get()
    url = reverse("textbooks:objection", args=[notice.pk])
    response = Client().post(url, {"name": "", "contact": "", "content": "太短"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "请填写姓名或单位" in text and "请填写联系方式" in text and "异议内容过短" in text
    assert not Objection.objects.exists()


def test_objection_form_needs_the_csrf_token(textbook, walk):
    walk(textbook, "notice")
    url = reverse("textbooks:objection", args=[textbook.notices.get().pk])
    data = {"name": "王老师", "contact": "13800000000", "content": "第二章例题与现行标准不符。"}
    assert Client(enforce_csrf_checks=True).post(url, data).status_code == 403
    assert not Objection.objects.exists()


def test_no_objection_form_outside_the_notice_period(client, textbook, walk):
    walk(textbook, "committee")
    assert client.get(reverse("textbooks:objection", args=[999])).status_code == 404


def test_a_new_edition_keeps_the_earlier_one(client, textbook, walk, admin, publisher_a):
    walk(textbook, "notice")
    from catalogue.textbooks.review import services

    notice = textbook.notices.get()
    services.close_notice(notice, admin, today=notice.ends_on + datetime.timedelta(days=1))
    client.force_login(publisher_a)
    response = client.post(review("new_edition", textbook.pk), {"isbn": "978-7-5045-0001-4"})
    assert response.status_code == 302
    newer = Textbook.objects.get(isbn="9787504500014")
    assert newer.previous_edition == textbook and newer.edition == textbook.edition + 1
    assert newer.review_stage == ReviewStage.DRAFT and not newer.live
    textbook.refresh_from_db()
    assert textbook in Textbook.objects.listed()  # the earlier edition stays listed with its record
    assert response["Location"] == reverse("wagtailsnippets_textbooks_textbook:edit", args=[newer.pk])
