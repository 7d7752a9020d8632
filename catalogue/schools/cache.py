"""Empties the anonymous public page cache (cms/caching.py) when what the public pages show from this app changes.

The public program and textbook pages and the statistics show the register of offerings, schools' names, the
adoption counts and the totals of approved reports. Those rows are not in `cms.caching.PUBLIC_MODELS` (that
module knows nothing of this app), so this app schedules the same once-per-transaction bump itself. A report's
save bumps only when it is, or stops being, approved: schools typing their drafts all season never empty the cache.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from cms.caching import schedule_bump

from .models import Adoption, AnnualReport, Offering, ReportLine, School

ALWAYS_PUBLIC = (School, Offering, Adoption)


def on_public_change(sender, **kwargs):
    schedule_bump()


def remember_status(sender, instance, **kwargs):
    instance._status_before = (
        AnnualReport.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if instance.pk
        else None
    )


def on_report_change(sender, instance, **kwargs):
    approved = AnnualReport.Status.APPROVED
    if approved in (instance.status, getattr(instance, "_status_before", None)):
        schedule_bump()


def on_line_change(sender, instance, **kwargs):
    """A line counts only in an approved report (or one just deleted). The report loaded with the line (a cluster
    save, an importer) answers without a query."""
    report = instance._state.fields_cache.get("report")
    if report is not None and report.pk == instance.report_id:
        status = report.status
    else:
        status = AnnualReport.objects.filter(pk=instance.report_id).values_list("status", flat=True).first()
    if status in (AnnualReport.Status.APPROVED, None):
        schedule_bump()


def connect():
    for model in ALWAYS_PUBLIC:
        post_save.connect(on_public_change, sender=model, dispatch_uid=f"schools-cache-save-{model.__name__}")
        post_delete.connect(
            on_public_change, sender=model, dispatch_uid=f"schools-cache-delete-{model.__name__}"
        )
    pre_save.connect(remember_status, sender=AnnualReport, dispatch_uid="schools-cache-report-before")
    post_save.connect(on_report_change, sender=AnnualReport, dispatch_uid="schools-cache-report-save")
    post_delete.connect(on_report_change, sender=AnnualReport, dispatch_uid="schools-cache-report-delete")
    post_save.connect(on_line_change, sender=ReportLine, dispatch_uid="schools-cache-line-save")
    post_delete.connect(on_line_change, sender=ReportLine, dispatch_uid="schools-cache-line-delete")
