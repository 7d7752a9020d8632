"""In-app notifications (the admin inbox) and e-mail for everyone on the review path.

Each message becomes one `Notification` row per recipient and one plain-text e-mail to those with an address;
a mail failure never undoes the step that caused it.
"""

import logging

from django.core.mail import send_mail
from django.urls import NoReverseMatch, reverse

from cms.users.roles import COMMITTEE_MEMBERS, PUBLISHERS, administrators, holders

from ..models import Notification

logger = logging.getLogger(__name__)


def detail_url(textbook):
    try:
        return reverse("textbook_review:detail", args=[textbook.pk])
    except NoReverseMatch:
        return ""


def notify(users, subject, body="", textbook=None, url=None):
    url = detail_url(textbook) if url is None and textbook is not None else (url or "")
    sent = []
    for user in {user.pk: user for user in users}.values():
        sent.append(
            Notification.objects.create(
                recipient=user, textbook=textbook, subject=subject, body=body, url=url
            )
        )
        if user.email:
            try:
                send_mail(subject, f"{body}\n\n{url}".strip(), None, [user.email])
            except Exception:
                logger.exception("could not e-mail %s", user.email)
    return sent


def to_publisher(textbook, subject, body=""):
    users = holders(PUBLISHERS).filter(organisation_id=textbook.publisher_id)
    return notify(users, subject, body, textbook)


def to_staff(textbook, subject, body=""):
    return notify(administrators(), subject, body, textbook)


def to_committee(textbook, subject, body=""):
    categories = list(textbook.categories().values_list("pk", flat=True))
    users = holders(COMMITTEE_MEMBERS)
    if categories:
        users = users.filter(committee_categories__in=categories)
    return notify(users, subject, body, textbook)


def to_reviewer(assignment, subject, body=""):
    try:
        url = reverse("textbook_review:assignment", args=[assignment.pk])
    except NoReverseMatch:
        url = ""
    return notify([assignment.reviewer], subject, body, assignment.textbook, url)
