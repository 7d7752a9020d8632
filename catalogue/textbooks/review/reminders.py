"""Reminders to reviewers before and after their due date, each sent once per assignment and kind."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import ReminderLog, ReviewAssignment, ReviewStage
from . import notifications


def due_reminders(today=None):
    """(assignment, kind) pairs owed today and not yet sent."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.TEXTBOOK_REMINDER_DAYS_BEFORE)
    pending = ReviewAssignment.objects.filter(
        status__in=ReviewAssignment.PENDING, textbook__review_stage=ReviewStage.EXPERT_REVIEW
    ).select_related("textbook", "reviewer")
    for assignment in pending.filter(due_date__lt=today).exclude(reminders__kind=ReminderLog.Kind.OVERDUE):
        yield assignment, ReminderLog.Kind.OVERDUE
    upcoming = pending.filter(due_date__gte=today, due_date__lte=soon)
    for assignment in upcoming.exclude(reminders__kind=ReminderLog.Kind.BEFORE_DUE):
        yield assignment, ReminderLog.Kind.BEFORE_DUE


def send_reminders(today=None):
    sent = []
    for assignment, kind in list(due_reminders(today)):
        try:
            with transaction.atomic():
                ReminderLog.objects.create(assignment=assignment, kind=kind)
        except IntegrityError:
            continue  # another run got there first
        title = assignment.textbook.title
        if kind == ReminderLog.Kind.OVERDUE:
            subject = f"《{title}》评审已逾期（截止 {assignment.due_date:%Y-%m-%d}）"
            notifications.to_staff(
                assignment.textbook, f"{assignment.reviewer}评审《{title}》已逾期，可更换专家"
            )
        else:
            subject = f"《{title}》评审将于 {assignment.due_date:%Y-%m-%d} 截止"
        notifications.to_reviewer(assignment, subject, "请尽快在评审工作台完成评审。")
        sent.append((assignment, kind))
    return sent
