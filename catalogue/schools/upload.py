"""The admin screen where provincial staff import their province's 专业年报 file (and administrators any file).

It runs the same importer as `import_school_reports`, limited to the provinces the user acts for
(`scope.provinces_of`): a row of another province's school is refused with the rest of the file's problems, and
nothing is written. 审核通过 leaves the reports approved by the user, which is theirs to do: the province is the
approver of its schools' reports.
"""

import tempfile
from datetime import date
from pathlib import Path

from django import forms
from django.conf import settings
from django.urls import path, reverse
from django.views.generic import FormView

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalogue.tabular import ImportProblems, import_finished
from cms.users.roles import is_administrator

from .importing import import_school_reports
from .importing.reports import COLUMNS
from .models import FIRST_YEAR
from .provinces import Province
from .scope import provinces_of

ADD_PERMISSION = "schools.add_annualreport"
APPROVE_PERMISSION = "schools.approve_annualreport"
SUFFIXES = (".csv", ".xlsx")


def import_provinces(user):
    """The provinces whose reports a user may import: None (any) for administrators, else their own (maybe none)."""
    if is_administrator(user):
        return None
    if not user.is_active or not user.has_perm(ADD_PERMISSION):
        return []
    return provinces_of(user)


def can_import(user):
    provinces = import_provinces(user)
    return provinces is None or bool(provinces)


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label="年报文件",
        help_text=f"CSV（UTF-8）或 XLSX，首行为列名：{'、'.join(COLUMNS)}；每行一个学校的一个专业层级。",
    )
    year = forms.IntegerField(label="年度", min_value=FIRST_YEAR, max_value=2100)
    province = forms.ChoiceField(label="省份", help_text="文件中只能有该省的学校。")
    approve = forms.BooleanField(
        label="审核通过", required=False, help_text="勾选后导入的年报直接为“已审核”，否则为“待省级审核”。"
    )

    def __init__(self, *args, provinces, may_approve, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = date.today().year - 1
        if provinces is None:
            self.fields["province"].choices = [("", "不限（全部省份）"), *Province.choices]
            self.fields["province"].required = False
        else:
            self.fields["province"].choices = [(code, Province(code).label) for code in provinces]
        if not may_approve:
            del self.fields["approve"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError("请上传 CSV 或 XLSX 文件。")
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"文件过大，导入文件不能超过 {limit / 1048576:.0f} MB。")
        return upload


class ReportUploadView(WagtailAdminTemplateMixin, FormView):
    template_name = "schools/upload/reports.html"
    form_class = ReportUploadForm
    page_title = "导入专业年报"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        user = self.request.user
        may_approve = is_administrator(user) or user.has_perm(APPROVE_PERMISSION)
        return {**super().get_form_kwargs(), "provinces": import_provinces(user), "may_approve": may_approve}

    def form_valid(self, form):
        data = form.cleaned_data
        provinces = [data["province"]] if data["province"] else import_provinces(self.request.user)
        try:
            result = _import(
                data["file"], data["year"], provinces, data.get("approve", False), self.request.user
            )
        except ImportProblems as exc:
            return self.render_to_response(self.get_context_data(form=form, problems=exc.problems))
        import_finished.send(sender="upload_school_reports")
        return self.render_to_response(self.get_context_data(form=form, result=result, year=data["year"]))


def _import(upload, year, provinces, approve, user):
    """Run the importer on a copy of the upload that keeps its extension (the importer reads CSV or XLSX by it)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / f"upload{Path(upload.name).suffix.lower()}"
        with copy.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return import_school_reports(copy, year, provinces=provinces, approve=approve, user=user)


class ImportersMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_urls")
def register_upload_url():
    return [path("school-reports/import/", ReportUploadView.as_view(), name="schools_import_reports")]


@hooks.register("register_admin_menu_item")
def register_upload_menu_item():
    return ImportersMenuItem("导入专业年报", reverse("schools_import_reports"), icon_name="upload", order=850)
