"""Opening a consultation and filing, moderating comments: each step in one transaction, refusals in Chinese.

The public comment form is open to anyone without an account, so it follows the textbook objection form
(catalogue/textbooks/review/limits.py): a fixed-window counter per client address in the shared cache, and a
keyed fingerprint of address and text so a double submission is stored once.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from catalogue.textbooks.review.limits import fingerprint

from .models import Comment, Consultation, snapshot_adjustments


def _limits():
    """(comments per address, window in seconds): optional settings, read per request so tests may set them."""
    return (
        getattr(settings, "CONSULTATION_COMMENT_ADDRESS_LIMIT", 10),
        getattr(settings, "CONSULTATION_COMMENT_WINDOW_SECONDS", 3600),
    )


class ConsultationError(Exception):
    """A refusal the user reads as it is."""


class TooManyComments(ConsultationError):
    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after


@transaction.atomic
def open_consultation(
    user, subject, title, explanation, opens_at, closes_at, category, page=None, adjustments=()
):
    """Open a consultation on a standard's latest revision or on a snapshot of pending adjustments."""
    consultation = Consultation(
        subject=subject,
        title=title,
        explanation=explanation,
        opens_at=opens_at,
        closes_at=closes_at,
        category=category,
        opened_by=user,
    )
    if subject == Consultation.Subject.STANDARD:
        consultation.page = page
        consultation.revision = page.get_latest_revision()  # the form refuses a page without one
    else:
        consultation.adjustment_snapshot = snapshot_adjustments(adjustments)
    consultation.save()
    if adjustments:
        consultation.adjustments.set(adjustments)
    return consultation


def period_refusal(consultation, now=None):
    """Why no comment is accepted now, or None while the consultation is open."""
    now = now or timezone.now()
    if now < consultation.opens_at:
        start = timezone.localtime(consultation.opens_at)
        return f"征求意见尚未开始，将于 {start:%Y-%m-%d %H:%M} 开始接收意见。"
    if consultation.has_closed(now):
        end = timezone.localtime(consultation.closes_at)
        return f"征求意见已于 {end:%Y-%m-%d %H:%M} 截止，不再接收意见。"
    return None


@transaction.atomic
def file_comment(consultation, address, **fields):
    """Store a pending comment; refused outside the period, over the address limit, or as a duplicate."""
    refusal = period_refusal(consultation)
    if refusal:
        raise ConsultationError(refusal)
    key = fingerprint(address, fields["text"])
    if consultation.comments.filter(fingerprint=key).exists():
        raise ConsultationError("您已提交过内容相同的意见，无需重复提交。")
    _reserve(address)
    return Comment.objects.create(consultation=consultation, fingerprint=key, **fields)


def _reserve(address):
    limit, window = _limits()
    now = time.time()
    slot = int(now // window)
    key = f"consultation-limit:{address}:{slot}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        minutes = max(1, window // 60)
        raise TooManyComments(
            f"提交过于频繁：同一网络地址每 {minutes} 分钟最多提交 {limit} 条意见，请稍后再试。",
            int((slot + 1) * window - now) + 1,
        )


def moderate(comment, user, status):
    comment.status = status
    comment.moderated_by = user
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    return comment
