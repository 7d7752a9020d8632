"""State changes of this app that touch several rows: registering an offering by code, and a report's walk
(填报 → 提交 → 省级审核通过 / 退回). Each runs in one transaction on locked rows, so two clicks or two
provincial officers cannot both decide one report."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from catalogue.models import LEVEL_FIELDS, Edition, Level, Program

from .models import AnnualReport, Offering, retired_program_message
from .scope import can_approve, can_edit


def current_edition():
    """The edition in force: the newest by effective date that has started."""
    return (
        Edition.objects.published()
        .filter(effective_date__lte=timezone.localdate())
        .order_by("-effective_date", "-name")
        .first()
    )


def program_for_registration(code):
    """The program in force with this code; a Chinese ValidationError naming the successor otherwise."""
    code = (code or "").strip()
    program = Program.objects.filter(code=code).first()
    if program is None:
        raise ValidationError(f"专业代码“{code}”不在专业目录中，请核对代码。", code="unknown_program")
    if program.status != Program.Status.IN_FORCE:
        raise ValidationError(retired_program_message(program), code="retired_program")
    return program


@transaction.atomic
def register_offering(school, code, levels, since_year):
    """专业设置备案 by program code and levels; refuses a retired or unknown code, or a level the program lacks."""
    program = program_for_registration(code)
    offering = Offering(school=school, program=program, since_year=since_year, edition=current_edition())
    for level in levels:
        setattr(offering, LEVEL_FIELDS[Level(level)], True)
    offering.full_clean()
    offering.save()
    return offering


def _locked(report):
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def submit_report(report, user):
    report = _locked(report)
    if not can_edit(user, report.school):
        raise PermissionDenied("只能提交本校的年报。")
    if not report.editable:
        raise ValidationError(f"该年报当前状态为“{report.get_status_display()}”，不能提交。")
    if not report.lines.exists():
        raise ValidationError("年报中还没有任何专业的数据，不能提交。")
    report.status = AnnualReport.Status.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), user
    report.return_reason = ""
    report.save()
    return report


@transaction.atomic
def approve_report(report, user):
    report = _locked(report)
    if not can_approve(user, report):
        raise PermissionDenied("只能审核本省学校的年报。")
    if report.status != AnnualReport.Status.SUBMITTED:
        raise ValidationError(
            f"该年报当前状态为“{report.get_status_display()}”，只有待审核的年报可以审核通过。"
        )
    report.status = AnnualReport.Status.APPROVED
    report.decided_at, report.decided_by = timezone.now(), user
    report.save()
    return report


@transaction.atomic
def return_report(report, user, reason):
    """Send a submitted (or approved) report back to the school with a reason; it no longer counts nationally."""
    report = _locked(report)
    if not can_approve(user, report):
        raise PermissionDenied("只能退回本省学校的年报。")
    if report.status not in (AnnualReport.Status.SUBMITTED, AnnualReport.Status.APPROVED):
        raise ValidationError(f"该年报当前状态为“{report.get_status_display()}”，不能退回。")
    if not (reason or "").strip():
        raise ValidationError("请填写退回理由，学校会看到它。")
    report.status = AnnualReport.Status.RETURNED
    report.decided_at, report.decided_by = timezone.now(), user
    report.return_reason = reason.strip()
    report.save()
    return report
