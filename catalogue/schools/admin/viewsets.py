"""The 技工院校 menu: schools, provincial departments, offerings, annual reports and adoption.

Each viewset scopes its listing and every object URL through its permission policy (`permissions`), which reads
`scope`; the forms (`forms`) narrow the choices to the user's own schools.
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import path

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

import django_filters

from catalogue.textbooks.models import Textbook

from ..models import Adoption, AnnualReport, Offering, ProvincialDepartment, School
from ..provinces import Province
from . import views
from .forms import (
    AdoptionForm,
    DepartmentForm,
    OfferingForm,
    ReportCreateForm,
    ReportForm,
    ReportLineForm,
    SchoolForm,
)
from .permissions import (
    adoption_policy,
    department_policy,
    offering_policy,
    report_policy,
    school_policy,
)


class SchoolsViewSet(ModelViewSet):
    """Defaults of the register: scoped listing and object URLs, inspect views, no copies."""

    policy = None
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    search_backend_name = None
    index_view_class = views.SchoolsIndexView
    inspect_view_class = views.SchoolsInspectView
    add_view_class = type("SchoolsCreateView", (views.OwnSchoolRequiredMixin, generic.CreateView), {})

    @property
    def permission_policy(self):
        return self.policy

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "<str:pk>" in str(pattern.pattern) or "<int:pk>" in str(pattern.pattern):
                pattern.callback = views.scoped(pattern.callback, pattern.name, self.policy)
        return patterns


class SchoolViewSet(SchoolsViewSet):
    model = School
    policy = school_policy
    name = "schools_school"
    url_prefix = "schools/schools"
    icon = "home"
    menu_label = "学校"
    add_view_class = generic.CreateView
    list_display = ["name", "province", "kind", "credit_code"]
    list_filter = ["province", "kind"]
    search_fields = ["name", "credit_code"]
    ordering = ["province", "name"]
    inspect_view_fields = ["name", "province", "kind", "credit_code", "staff"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("province"), FieldPanel("kind")]),
            FieldPanel("credit_code"),
            FieldPanel("staff"),
        ],
        base_form_class=SchoolForm,
    )


class DepartmentViewSet(SchoolsViewSet):
    model = ProvincialDepartment
    policy = department_policy
    name = "schools_department"
    url_prefix = "schools/departments"
    icon = "group"
    menu_label = "省级人社部门"
    add_view_class = generic.CreateView
    index_view_class = views.ScopedIndexView
    list_display = ["name", "province"]
    ordering = ["province"]
    inspect_view_fields = ["province", "name", "staff"]
    edit_handler = ObjectList(
        [FieldPanel("province"), FieldPanel("name"), FieldPanel("staff")], base_form_class=DepartmentForm
    )


def _program(instance):
    return f"{instance.program.code} {instance.program.name}"


def _levels(instance):
    return "、".join(level.label for level in instance.levels())


class OfferingViewSet(SchoolsViewSet):
    model = Offering
    policy = offering_policy
    name = "schools_offering"
    url_prefix = "schools/offerings"
    icon = "list-ul"
    menu_label = "专业设置备案"
    list_display = [
        "school",
        Column("program", label="专业", accessor=_program, sort_key="program__code"),
        Column("levels", label="培养层级", accessor=_levels),
        "since_year",
        Column(
            "status",
            label="状态",
            accessor=lambda o: "开设中" if o.is_active else f"{o.withdrawn_year} 年停办",
        ),
    ]
    list_filter = ["school__province", "since_year", "withdrawn_year"]
    search_fields = ["school__name", "program__code", "program__name"]
    ordering = ["school", "program__code"]
    inspect_view_fields = [
        "school",
        "program",
        "levels",
        "since_year",
        "edition",
        "withdrawn_year",
        "registered_at",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            MultiFieldPanel([FieldPanel("program_code"), FieldPanel("program")], heading="专业"),
            MultiFieldPanel(
                [
                    FieldPanel("offers_intermediate"),
                    FieldPanel("offers_advanced"),
                    FieldPanel("offers_technician"),
                ],
                heading="培养层级",
            ),
            FieldRowPanel([FieldPanel("since_year"), FieldPanel("withdrawn_year")]),
        ],
        base_form_class=OfferingForm,
    )


class ReportLinesPanel(InlinePanel):
    """The report's lines, built with `ReportLineForm` so the parent form can narrow their programs."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = ReportLineForm
        return options


class ReportViewSet(SchoolsViewSet):
    model = AnnualReport
    policy = report_policy
    name = "schools_report"
    url_prefix = "schools/reports"
    icon = "doc-full"
    menu_label = "专业年报"
    index_view_class = views.ReportIndexView
    add_view_class = views.ReportCreateView
    inspect_view_class = views.ReportInspectView
    edit_view_class = type("ReportEditView", (views.ReportEditView, generic.EditView), {})
    list_display = ["school", "year", "status", "submitted_at"]
    list_filter = ["year", "status", "school__province"]
    search_fields = ["school__name"]
    ordering = ["-year", "school"]
    inspect_view_fields = [
        "school",
        "year",
        "status",
        "submitted_at",
        "submitted_by",
        "decided_at",
        "decided_by",
        "return_reason",
    ]
    create_handler = ObjectList([FieldPanel("school"), FieldPanel("year")], base_form_class=ReportCreateForm)
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("school"), FieldPanel("year")]),
            FieldPanel("status", read_only=True),
            ReportLinesPanel(
                "lines",
                heading="年报数据",
                label="专业",
                panels=[
                    FieldRowPanel([FieldPanel("program"), FieldPanel("level")]),
                    FieldRowPanel([FieldPanel("enrolment"), FieldPanel("students"), FieldPanel("graduates")]),
                    FieldPanel("employment_rate"),
                ],
                help_text="每个备案专业的每个培养层级填一行；有毕业生时填写就业率。",
            ),
        ],
        base_form_class=ReportForm,
    )

    def get_add_view_kwargs(self, **kwargs):
        panel = self.create_handler.bind_to_model(self.model)
        return super().get_add_view_kwargs(panel=panel, form_class=panel.get_form_class(), **kwargs)

    def get_common_view_kwargs(self, **kwargs):
        names = {name: self.get_url_name(name) for name in ("submit", "approve", "return")}
        return super().get_common_view_kwargs(**kwargs) | {"action_url_names": names}

    def get_urlpatterns(self):
        common = {
            "permission_policy": self.policy,
            "inspect_url_name": self.get_url_name("inspect"),
            "index_url_name": self.get_url_name("index"),
        }
        actions = {
            "submit": views.SubmitReportView,
            "approve": views.ApproveReportView,
            "return": views.ReturnReportView,
        }
        return super().get_urlpatterns() + [
            path(f"{name}/<int:pk>/", view.as_view(**common), name=name) for name, view in actions.items()
        ]


class NotPlannedFilterSet(WagtailFilterSet):
    """非规划教材: books off the planned list of a course that has listed titles (those the province reads)."""

    not_planned = django_filters.ChoiceFilter(
        label="非规划教材", choices=[("yes", "是"), ("no", "否")], method="filter_not_planned"
    )
    school__province = django_filters.ChoiceFilter(label="省份", choices=Province.choices)

    class Meta:
        model = Adoption
        fields = ["term"]

    def filter_not_planned(self, queryset, name, value):
        listed = Textbook.objects.listed()
        planned = listed.filter(pk=OuterRef("textbook_id"), courses=OuterRef("course_id"))
        has_listed = listed.filter(courses=OuterRef("course_id"))
        condition = Q(Exists(has_listed)) & ~Q(Exists(planned))
        return queryset.filter(condition) if value == "yes" else queryset.exclude(condition)


class AdoptionViewSet(SchoolsViewSet):
    model = Adoption
    policy = adoption_policy
    name = "schools_adoption"
    url_prefix = "schools/adoptions"
    icon = "doc-empty"
    menu_label = "教材选用"
    filterset_class = NotPlannedFilterSet
    list_display = [
        "school",
        Column("term", label="学期", accessor="term_label", sort_key="term"),
        "course",
        Column("book", label="教材", accessor="book_title"),
        "students",
        Column("reason", label="选用非规划教材的理由", accessor="reason"),
    ]
    search_fields = ["school__name", "textbook__title", "other_title", "course__name"]
    ordering = ["-term", "school"]
    inspect_view_fields = [
        "school",
        "term",
        "course",
        "textbook",
        "other_title",
        "other_isbn",
        "students",
        "reason",
        "recorded_at",
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("school"), FieldPanel("term")]),
            FieldPanel("course"),
            FieldPanel("textbook"),
            FieldRowPanel([FieldPanel("other_title"), FieldPanel("other_isbn")]),
            FieldPanel("students"),
            FieldPanel("reason"),
        ],
        base_form_class=AdoptionForm,
    )


school_viewset = SchoolViewSet()
department_viewset = DepartmentViewSet()
offering_viewset = OfferingViewSet()
report_viewset = ReportViewSet()
adoption_viewset = AdoptionViewSet()


class SchoolsViewSetGroup(ViewSetGroup):
    menu_label = "技工院校"
    menu_icon = "home"
    menu_order = 170
    items = (school_viewset, offering_viewset, report_viewset, adoption_viewset, department_viewset)
