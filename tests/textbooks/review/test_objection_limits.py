"""Abuse limits of the public objection form: per address, per notice, no duplicates, mail off the request."""

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest

from catalogue.textbooks.models import Notification, Objection, ReviewEvent


@pytest.fixture
def notice(textbook, walk):
    walk(textbook, "notice")
    return textbook.notices.get()


def post(notice, content, address="203.0.113.5", **extra):
    data = {"name": "王老师", "contact": "13800000000", "content": content}
    return Client().post(reverse("textbooks:objection", args=[notice.pk]), data, REMOTE_ADDR=address, **extra)


def snapshot():
    return (
        Objection.objects.count(),
        ReviewEvent.objects.count(),
        Notification.objects.count(),
        len(mail.outbox),
    )


def test_the_request_only_enqueues_the_staff_notification(settings, notice, admin):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    before = Notification.objects.filter(recipient=admin).count()
    mail.outbox.clear()
    assert post(notice, "第二章例题与现行标准不符，请核实。").status_code == 302
    objection = Objection.objects.get()
    assert Notification.objects.filter(recipient=admin).count() == before and not mail.outbox

    from django_tasks import task_backends

    from catalogue.textbooks.review import tasks

    (queued,) = task_backends["default"].results
    assert queued.task.name == tasks.notify_staff_of_objection.name and queued.args == [objection.pk]

    tasks.notify_staff_of_objection.call(*queued.args)  # what the worker does
    assert Notification.objects.filter(recipient=admin).count() == before + 1
    assert [m.to for m in mail.outbox] == [["admin@example.com"]]


def test_an_address_over_its_limit_is_refused_with_429_and_nothing_changes(settings, notice):
    settings.OBJECTION_ADDRESS_LIMIT = 2
    assert post(notice, "第一章的图例编号有误，请核实。").status_code == 302
    assert post(notice, "第二章例题与现行标准不符，请核实。").status_code == 302
    before = snapshot()
    refused = post(notice, "第三章的公差表引用了已废止的标准。")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "提交过于频繁" in refused.content.decode()
    assert snapshot() == before
    assert post(notice, "第三章的公差表引用了已废止的标准。", address="198.51.100.7").status_code == 302


def test_behind_the_proxy_each_client_has_its_own_limit(settings, notice):
    settings.OBJECTION_ADDRESS_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1

    def via_proxy(content, client):
        return post(notice, content, address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"9.9.9.9, {client}")

    assert via_proxy("第一章的图例编号有误，请核实。", "203.0.113.5").status_code == 302
    assert via_proxy("第二章例题与现行标准不符，请核实。", "198.51.100.7").status_code == 302
    assert via_proxy("第三章的公差表引用了已废止的标准。", "203.0.113.5").status_code == 429
    assert Objection.objects.count() == 2


def test_a_notice_takes_a_capped_number_of_objections_a_day(settings, notice):
    settings.OBJECTION_NOTICE_DAILY_LIMIT = 2
    assert post(notice, "第一章的图例编号有误，请核实。", address="203.0.113.1").status_code == 302
    assert post(notice, "第二章例题与现行标准不符，请核实。", address="203.0.113.2").status_code == 302
    before = snapshot()
    refused = post(notice, "第三章的公差表引用了已废止的标准。", address="203.0.113.3")
    assert refused.status_code == 429 and "今日收到的异议已达上限" in refused.content.decode()
    assert snapshot() == before


def test_the_same_content_from_the_same_address_is_stored_once(notice):
    content = "第二章例题与现行标准不符，请核实。"
    assert post(notice, content).status_code == 302
    before = snapshot()
    again = Client().post(
        reverse("textbooks:objection", args=[notice.pk]),
        {"name": "王老师", "contact": "13800000000", "content": f"  {content.replace('，', ',')} "},
        REMOTE_ADDR="203.0.113.5",
        follow=True,
    )
    assert again.status_code == 200 and "您已提交过内容相同的异议" in again.content.decode()
    assert snapshot() == before
    assert post(notice, content, address="198.51.100.7").status_code == 302  # another person may say the same
    assert Objection.objects.count() == 2
