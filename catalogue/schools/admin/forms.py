"""Admin forms of the schools register: each narrows its choices to the user's own schools and what they offer.

The rules themselves stay in the models' `clean()` and in `services`; these forms only choose what may be picked
and put a message on the field the user typed into.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from wagtail.admin.forms import WagtailAdminModelForm

from catalogue.models import Program
from catalogue.textbooks.models import Textbook
from cms.users.roles import PROVINCIAL_STAFF, SCHOOL_STAFF, holders
from standards.models import ProgramCourse

from .. import scope, services
from ..models import Offering


def _staff_field(form, name, role):
    """Staff are chosen among the role's holders (and whoever is on the record already)."""
    field = form.fields[name]
    chosen = Q(pk__in=holders(role).values("pk"))
    if form.instance.pk:
        chosen |= Q(pk__in=form.instance.staff.values("pk"))
    field.queryset = field.queryset.model.objects.filter(chosen).order_by("username")
    field.widget = forms.CheckboxSelectMultiple(choices=field.choices)


class SchoolForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_field(self, "staff", SCHOOL_STAFF)


class DepartmentForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_field(self, "staff", PROVINCIAL_STAFF)


class OwnSchoolFormMixin:
    """The school is one of the user's own; fixed once the record exists."""

    def limit_school(self):
        field = self.fields["school"]
        field.queryset = scope.own_schools(self.for_user)
        field.empty_label = None if field.queryset.count() == 1 else field.empty_label
        if self.instance.pk:
            field.disabled = True


class OfferingForm(OwnSchoolFormMixin, WagtailAdminModelForm):
    """专业设置备案: the program by its code or from the list of programs in force; fixed once registered."""

    program_code = forms.CharField(
        label="专业代码",
        max_length=10,
        required=False,
        help_text="填写现行目录中的专业代码，或在下面的列表中选择专业（二者填一项即可）。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_school()
        program = self.fields["program"]
        program.queryset = Program.objects.filter(status=Program.Status.IN_FORCE).order_by("code")
        program.required = False
        if self.instance.pk:
            program.disabled = self.fields["program_code"].disabled = True
            self.fields["program_code"].initial = self.instance.program.code

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            return cleaned
        code = (cleaned.get("program_code") or "").strip()
        if code:
            try:
                cleaned["program"] = services.program_for_registration(code)
            except ValidationError as error:
                self.add_error("program_code", error)
                cleaned.pop("program", None)
        elif not cleaned.get("program") and "program" not in self.errors:
            self.add_error("program_code", "请填写专业代码或选择专业。")
        if cleaned.get("program"):
            self.instance.edition = services.current_edition()
        return cleaned

    def _post_clean(self):
        """An unknown or retired code has its message already; the model would only repeat a missing program."""
        if "program_code" in self.errors and not self.cleaned_data.get("program"):
            return
        super()._post_clean()


class ReportCreateForm(OwnSchoolFormMixin, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_school()


class ReportForm(OwnSchoolFormMixin, WagtailAdminModelForm):
    """A report's lines: only the programs the school registered can be chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_school()
        programs = Program.objects.filter(offerings__school=self.instance.school_id).order_by("code")
        lines = self.formsets["lines"]
        lines.form_kwargs = {**lines.form_kwargs, "programs": programs, "report": self.instance}


class ReportLineForm(WagtailAdminModelForm):
    """A line knows its report before it is cleaned, so `ReportLine.clean` can check the school's offerings."""

    def __init__(self, *args, programs=None, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programs is not None:
            self.fields["program"].queryset = programs
        if report is not None:
            self.instance.report = report


class AdoptionForm(OwnSchoolFormMixin, WagtailAdminModelForm):
    """教材选用: courses of the programs the user's schools run; planned (listed) titles of those courses."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_school()
        offered = Offering.objects.filter(
            school__in=scope.own_schools(self.for_user), withdrawn_year__isnull=True
        )
        courses = (
            ProgramCourse.objects.filter(program__in=offered.values("program"))
            .select_related("program")
            .order_by("program__code", "code")
        )
        self.fields["course"] = forms.ModelChoiceField(
            queryset=courses, label="专业课程", help_text="本校已备案专业的课程。"
        )
        books = Textbook.objects.listed().filter(courses__in=courses).distinct().order_by("title")
        self.fields["textbook"] = forms.ModelChoiceField(
            queryset=books,
            required=False,
            label="教材",
            help_text="本校专业课程的规划教材；不在列表中的教材请填写下面的“其他教材书名”。",
        )
