"""The admin home for school staff and provincial staff: each sees its own work first.

- school staff: their school's annual reports (a returned one marked, with the province's reason), and how many
  programs it has registered and adoptions it has recorded for the newest term;
- provincial staff: the reports of their province's schools waiting for their approval, oldest first.
"""

from django.urls import reverse

from cms.statistics.home import Group, Item, WorkPanel
from cms.users.roles import PROVINCIAL_STAFF, SCHOOL_STAFF, has_role

from .models import Adoption, AnnualReport, Offering, School, term_label
from .scope import approvable_reports

LIMIT = 10


def _report_item(report, url_name, detail):
    return Item(
        f"{report.school.name} {report.year} 年专业年报",
        reverse(url_name, args=[report.pk]),
        detail,
        report.status == AnnualReport.Status.RETURNED,
    )


def school_panel(user):
    schools = School.objects.filter(staff=user)  # an administrator's home is not a school's
    reports = (
        AnnualReport.objects.filter(school__in=schools).select_related("school").order_by("-year", "school")
    )
    rows = list(reports[:LIMIT])

    def detail(report):
        text = report.get_status_display()
        return f"{text}：{report.return_reason}" if report.return_reason else text

    editable = {AnnualReport.Status.DRAFT, AnnualReport.Status.RETURNED}
    items = [
        _report_item(
            r, "schools_report:edit" if r.status in editable else "schools_report:inspect", detail(r)
        )
        for r in rows
    ]
    group = Group("本校专业年报", items, reports.count(), reverse("schools_report:index"))
    adoptions = Adoption.objects.filter(school__in=schools)
    term = adoptions.order_by("-term").values_list("term", flat=True).first()
    group.counts = [
        ("已备案专业", Offering.objects.filter(school__in=schools, withdrawn_year__isnull=True).count()),
        (f"{term_label(term)}教材选用" if term else "教材选用", adoptions.filter(term=term).count()),
    ]
    return WorkPanel("my_school", "本校填报", [group], 15)


def province_panel(user):
    waiting = (
        approvable_reports(user)
        .filter(status=AnnualReport.Status.SUBMITTED)
        .select_related("school")
        .order_by("submitted_at", "pk")
    )
    items = [
        _report_item(
            r, "schools_report:inspect", f"提交于 {r.submitted_at:%Y-%m-%d}" if r.submitted_at else ""
        )
        for r in waiting[:LIMIT]
    ]
    group = Group(
        "待审核的专业年报", items, waiting.count(), reverse("schools_report:index") + "?status=submitted"
    )
    return WorkPanel("my_province_reports", "本省年报审核", [group], 16)


def construct_panels(request, panels):
    user = request.user
    if has_role(user, SCHOOL_STAFF):
        panels.append(school_panel(user))
    if has_role(user, PROVINCIAL_STAFF):
        panels.append(province_panel(user))
