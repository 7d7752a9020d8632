"""The smaller admin screens: menus per role, the inbox, conflict declarations, replacing a reviewer."""

from django.urls import reverse

from wagtail.admin.menu import admin_menu

import pytest

from catalogue.textbooks.models import ConflictDeclaration, Notification, ReviewAssignment

pytestmark = pytest.mark.django_db


def menu_labels(rf, user):
    reverse("textbook_review:index")  # loads the admin URLs, which register the viewsets' menu items
    request = rf.get("/admin/")
    request.user = user
    return {str(item.label) for item in admin_menu.menu_items_for_request(request)}


@pytest.mark.parametrize("role", ["admin", "publisher_a", "committee"])
def test_the_admin_menu_offers_the_review_screens(client, rf, request, role):
    user = request.getfixturevalue(role)
    assert {"评审工作台", "我的通知"} <= menu_labels(rf, user)
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_applications_menu_for_publishers_and_staff_only(rf, admin, publisher_a, reviewers, committee):
    assert "教材申报" in menu_labels(rf, admin) and "教材申报" in menu_labels(rf, publisher_a)
    assert "教材申报" not in menu_labels(rf, reviewers[0]) and "教材申报" not in menu_labels(rf, committee)
    assert "评审工作台" in menu_labels(rf, reviewers[0])


def test_inbox_marks_read_and_follows_the_link(client, publisher_a, textbook):
    mine = Notification.objects.create(recipient=publisher_a, subject="测试通知", url="/admin/")
    other = Notification.objects.create(recipient=publisher_a, subject="另一条", url="")
    client.force_login(publisher_a)
    assert "测试通知" in client.get(reverse("textbook_review:inbox")).content.decode()
    response = client.post(reverse("textbook_review:inbox"), {"id": mine.pk})
    assert response["Location"] == "/admin/"
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at and not other.read_at
    client.post(reverse("textbook_review:inbox"))
    assert not Notification.objects.filter(recipient=publisher_a, read_at__isnull=True).exists()


def test_a_reviewer_declares_a_conflict_and_is_then_not_offered(
    client, reviewers, org_a, textbook, walk, admin
):
    client.force_login(reviewers[3])
    url = reverse("textbook_review:conflicts")
    empty = client.post(url, {"reason": "曾参编"})
    assert empty.status_code == 200 and "请选择出版社或填写教材 ISBN" in empty.content.decode()
    response = client.post(url, {"organisation": org_a.pk, "reason": "曾任该社特约编辑"})
    assert response.status_code == 302
    assert ConflictDeclaration.objects.get().reviewer == reviewers[3]
    walk(textbook, "expert_review")
    client.force_login(admin)
    form = client.get(reverse("textbook_review:assign", args=[textbook.pk])).content.decode()
    assert str(reviewers[3]) in form  # listed, but refused on assignment
    refused = client.post(
        reverse("textbook_review:assign", args=[textbook.pk]),
        {"reviewers": [r.pk for r in reviewers[1:4]], "due_date": "2099-01-01"},
    )
    assert refused.status_code == 200 and "利益冲突" in refused.content.decode()
    assert not ReviewAssignment.objects.exists()


def test_staff_replace_a_silent_reviewer_through_the_admin(
    client, admin, reviewers, textbook, walk, assignment_of
):
    walk(textbook, "expert_review")
    client.force_login(admin)
    client.post(
        reverse("textbook_review:assign", args=[textbook.pk]),
        {"reviewers": [r.pk for r in reviewers[:3]], "due_date": "2099-01-01"},
    )
    silent = assignment_of(textbook, reviewers[0])
    response = client.post(
        reverse("textbook_review:replace", args=[silent.pk]),
        {"reviewer": reviewers[3].pk, "due_date": "2099-02-01"},
    )
    assert response.status_code == 302
    silent.refresh_from_db()
    assert silent.status == "replaced" and silent.replaced_by.reviewer == reviewers[3]
    assert "已改由其他专家承担" in Notification.objects.filter(recipient=reviewers[0]).first().subject
