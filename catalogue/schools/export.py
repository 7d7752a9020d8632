"""专业年报 data out of the admin, in the very format `import_school_reports` reads, so a province can correct a
file and import it again. Each user gets the lines of the reports they may see (`scope.visible_reports`): a school
its own, a province its schools', administrators all; a 年报状态 column (ignored by the importer) says where each
report stands."""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.views import View

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied

from catalogue.models import Level
from cms.spreadsheets import csv_download, xlsx_download
from cms.users.roles import is_administrator

from .importing.reports import COLUMNS
from .models import ReportLine
from .scope import visible_reports

HEADER = [*COLUMNS, "年报状态"]
LEVEL_ORDER = {level.value: index for index, level in enumerate(Level)}
FORMATS = ("csv", "xlsx")


def may_export(user):
    return is_administrator(user) or (user.is_active and user.has_perm("schools.view_annualreport"))


def report_rows(user, year):
    """One row per report line of `year` the user may see, school by school, program and level in order."""
    lines = (
        ReportLine.objects.filter(report__in=visible_reports(user), report__year=year)
        .select_related("report__school", "program")
        .order_by("report__school__province", "report__school__name", "program__code")
    )
    ordered = sorted(
        lines,
        key=lambda line: (
            line.report.school.province,
            line.report.school.name,
            line.program.code,
            LEVEL_ORDER[line.level],
        ),
    )
    return [
        [
            line.report.school.credit_code,
            line.report.school.name,
            line.program.code,
            Level(line.level).label,
            line.enrolment,
            line.students,
            line.graduates,
            "" if line.employment_rate is None else f"{line.employment_rate}",
            line.report.get_status_display(),
        ]
        for line in ordered
    ]


class ReportExportView(View):
    """GET ?year=2025&format=csv|xlsx: the year's report lines the user may see."""

    def get(self, request):
        if not may_export(request.user):
            return permission_denied(request)
        year, kind = request.GET.get("year", "").strip(), request.GET.get("format", "csv")
        if not year.isdigit() or kind not in FORMATS:
            messages.error(request, "请选择要导出的年度（如 2025）和格式（CSV 或 XLSX）。")
            return redirect("schools_report:index")
        rows = report_rows(request.user, int(year))
        filename = f"school-reports-{year}.{kind}"
        if kind == "xlsx":
            return xlsx_download(
                HEADER, rows, filename, f"{year}年专业年报", (22, 24, 10, 16, 10, 12, 12, 12, 12)
            )
        return csv_download(HEADER, rows, filename)


@hooks.register("register_admin_urls")
def register_export_url():
    return [path("school-reports/export/", ReportExportView.as_view(), name="schools_export_reports")]


def export_links(user):
    """(year, csv url, xlsx url) for every year in which the user can see a report, newest first."""
    years = visible_reports(user).order_by("-year").values_list("year", flat=True).distinct()
    base = reverse("schools_export_reports")
    return [(year, f"{base}?year={year}&format=csv", f"{base}?year={year}&format=xlsx") for year in years]
