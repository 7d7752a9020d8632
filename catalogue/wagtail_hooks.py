"""The catalogue admin: one "专业目录" menu grouping the register's viewsets and the 退出预警 report.

The permission policies are registered first, before any viewset could make Wagtail create a fallback policy.
Views live in `catalogue/admin/`, forms in `forms.py`, who-may-do-what in `permissions.py`.
"""

from django.urls import path
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms.users.models import Organisation

from .admin.adjustments import (
    AdjustmentCreateView,
    AdjustmentEditView,
    AdjustmentIndexView,
    AdjustmentInspectView,
    ApproveAdjustmentView,
    RejectAdjustmentView,
)
from .admin.base import RevisionCreateView, ScopedEditView, ScopedIndexView, ScopedInspectView
from .admin.editions import EditionEditView, EditionIndexView, EditionInspectView, PublishEditionView
from .admin.history import ProgramHistoryView, ProgramRevertView
from .admin.programs import ProgramCreateView, ProgramEditView, ProgramIndexView, ProgramInspectView
from .admin.reports import FlagsReportView
from .forms import AdjustmentForm, CategoryForm, ProgramForm
from .models import Adjustment, Category, Edition, Program
from .permissions import program_policy, register_policies

register_policies()


def _optional(accessor, suffix=""):
    """A cell value that reads as empty, not "None", when the figure is missing."""

    def value(instance):
        found = getattr(instance, accessor)
        return "" if found is None else f"{found}{suffix}"

    return value


class RegisterViewSet(ModelViewSet):
    """Defaults shared by the register: no copies (codes are unique), no reference index bookkeeping."""

    copy_view_enabled = False
    add_to_reference_index = False
    inspect_view_enabled = True
    index_view_class = ScopedIndexView
    add_view_class = RevisionCreateView
    edit_view_class = ScopedEditView
    inspect_view_class = ScopedInspectView


class ProgramViewSet(RegisterViewSet):
    model = Program
    name = "catalogue_program"
    url_prefix = "catalogue/programs"
    icon = "list-ul"
    index_view_class = ProgramIndexView
    add_view_class = ProgramCreateView
    edit_view_class = ProgramEditView
    inspect_view_class = ProgramInspectView
    history_view_class = ProgramHistoryView

    list_display = [
        "code",
        "name",
        "category",
        Column("levels", label="培养层级", accessor=lambda p: "、".join(p.level_labels)),
        "sector",
        "status",
        Column(
            "employment_rate",
            label="就业率",
            accessor=_optional("employment_rate", "%"),
            sort_key="employment_rate",
        ),
        Column("enrolment", label="招生人数", accessor=_optional("enrolment"), sort_key="enrolment"),
    ]
    list_filter = [
        "category",
        "sector",
        "status",
        "offers_intermediate",
        "offers_advanced",
        "offers_technician",
    ]
    search_fields = ["code", "name"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["code"]
    list_export = [
        "code",
        "name",
        "category.code",
        "category.name",
        "level_labels",
        "get_sector_display",
        "get_status_display",
        "since",
        "occupations",
        "employment_rate",
        "employment_rate_year",
        "enrolment",
        "enrolment_year",
        "retired_on",
    ]
    export_headings = {
        "code": "专业代码",
        "name": "专业名称",
        "category.code": "大类代码",
        "category.name": "专业大类",
        "level_labels": "培养层级",
        "get_sector_display": "产业类型",
        "get_status_display": "状态",
        "since": "设置年份",
        "occupations": "对应职业（工种）",
        "employment_rate": "就业率（%）",
        "employment_rate_year": "就业率统计年份",
        "enrolment": "招生人数",
        "enrolment_year": "招生统计年份",
        "retired_on": "撤销日期",
    }
    export_filename = "技工院校专业目录"
    inspect_view_fields = [
        "code",
        "name",
        "category",
        "levels",
        "sector",
        "status",
        "since",
        "occupations",
        "core_courses",
        "description",
        "employment_rate",
        "enrolment",
        "editions",
        "predecessors",
        "successors",
        "retired_on",
        "retirement_reason",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel([FieldPanel("code"), FieldPanel("name"), FieldPanel("category")], heading="专业"),
            MultiFieldPanel(
                [
                    FieldPanel("offers_intermediate"),
                    FieldPanel("offers_advanced"),
                    FieldPanel("offers_technician"),
                ],
                heading="培养层级",
            ),
            FieldPanel("sector"),
            FieldPanel("since"),
            FieldPanel("occupations"),
            FieldPanel("core_courses"),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("employment_rate"),
                    FieldPanel("employment_rate_year"),
                    FieldPanel("enrolment"),
                    FieldPanel("enrolment_year"),
                ],
                heading="就业与招生",
            ),
            InlinePanel(
                "enrolment_records",
                heading="年度招生就业数据",
                label="年度数据",
                panels=[FieldPanel("year"), FieldPanel("enrolment"), FieldPanel("employment_rate")],
            ),
            MultiFieldPanel(
                [
                    FieldPanel("status", read_only=True),
                    FieldPanel("retired_on", read_only=True),
                    FieldPanel("retirement_reason", read_only=True),
                ],
                heading="状态（只能通过动态调整变更）",
            ),
            FieldPanel("change_comment", required_on_save=True),
        ],
        base_form_class=ProgramForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            revert_url_name=self.get_url_name("revert"),
            **kwargs,
        )

    def get_urlpatterns(self):
        patterns = [p for p in super().get_urlpatterns() if p.name != "history_results"]
        revert = self.construct_view(ProgramRevertView)
        return patterns + [path("history/<int:pk>/revert/<int:version_id>/", revert, name="revert")]


class CategoryViewSet(RegisterViewSet):
    model = Category
    name = "catalogue_category"
    url_prefix = "catalogue/categories"
    icon = "folder-open-inverse"
    list_display = [
        "code",
        "name",
        Column(
            "members",
            label="教学指导委员会委员",
            accessor=lambda category: "、".join(str(user) for user in category.committee_members.all()),
        ),
    ]
    search_fields = ["code", "name"]
    search_backend_name = None
    ordering = ["code"]
    inspect_view_fields = ["code", "name", "committee_members"]
    edit_handler = ObjectList(
        [FieldPanel("code"), FieldPanel("name"), FieldPanel("committee_members")],
        base_form_class=CategoryForm,
    )


class EditionViewSet(RegisterViewSet):
    model = Edition
    name = "catalogue_edition"
    url_prefix = "catalogue/editions"
    icon = "date"
    index_view_class = EditionIndexView
    edit_view_class = EditionEditView
    inspect_view_class = EditionInspectView
    list_display = [
        "name",
        "status",
        "effective_date",
        Column("program_count", label="现行专业数", accessor="program_count", sort_key="program_count"),
    ]
    ordering = ["effective_date"]
    inspect_view_fields = [
        "name",
        "status",
        "effective_date",
        "program_count",
        "revision",
        "adjustments",
        "notes",
        "published_at",
        "published_by",
        "created_at",
    ]
    form_fields = ["name", "effective_date", "notes"]

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(publish_url_name=self.get_url_name("publish"), **kwargs)

    def get_urlpatterns(self):
        publish = self.construct_view(PublishEditionView)
        return super().get_urlpatterns() + [path("publish/<int:pk>/", publish, name="publish")]


class AdjustmentViewSet(RegisterViewSet):
    model = Adjustment
    name = "catalogue_adjustment"
    url_prefix = "catalogue/adjustments"
    icon = "tasks"
    index_view_class = AdjustmentIndexView
    add_view_class = AdjustmentCreateView
    edit_view_class = AdjustmentEditView
    inspect_view_class = AdjustmentInspectView
    list_display = ["reference", "kind", "status", "effective_date", "proposed_by"]
    list_filter = ["kind", "status"]
    search_fields = ["reference", "rationale"]
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_fields = [
        "reference",
        "kind",
        "status",
        "effective_date",
        "old_programs",
        "targets",
        "rationale",
        "evidence",
        "evidence_employment_rate",
        "evidence_enrolment",
        "industry_demand",
        "edition",
        "proposed_by",
        "decided_by",
        "decided_at",
        "decision_note",
        "created_at",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("reference"), FieldPanel("kind"), FieldPanel("effective_date")], heading="调整"
            ),
            FieldPanel("old_programs"),
            FieldPanel("successors_equivalent"),
            InlinePanel(
                "targets",
                heading="调整后专业",
                label="调整后专业",
                panels=[
                    FieldPanel("code"),
                    FieldPanel("name"),
                    MultiFieldPanel(
                        [
                            FieldPanel("offers_intermediate"),
                            FieldPanel("offers_advanced"),
                            FieldPanel("offers_technician"),
                        ],
                        heading="培养层次",
                    ),
                    FieldPanel("occupations"),
                    FieldPanel("sector"),
                    FieldPanel("description"),
                ],
                help_text="新增、更名、升级改造、合并填 1 个（新增可多个）；拆分填 2 个以上；撤销不填。沿用原代码即保留原专业。"
                "新增专业须填写培养层次、对应职业（工种）、产业类型和专业简介；其他调整类型沿用原专业的信息。",
            ),
            FieldPanel("rationale"),
            MultiFieldPanel(
                [
                    FieldPanel("evidence"),
                    FieldPanel("evidence_employment_rate"),
                    FieldPanel("evidence_enrolment"),
                    FieldPanel("industry_demand"),
                ],
                heading="佐证材料",
            ),
            FieldPanel("status", read_only=True),
            FieldPanel("decision_note", read_only=True),
        ],
        base_form_class=AdjustmentForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            approve_url_name=self.get_url_name("approve"),
            reject_url_name=self.get_url_name("reject"),
            **kwargs,
        )

    def get_urlpatterns(self):
        approve = self.construct_view(ApproveAdjustmentView)
        reject = self.construct_view(RejectAdjustmentView)
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", approve, name="approve"),
            path("reject/<int:pk>/", reject, name="reject"),
        ]


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    name = "organisation"
    url_prefix = "organisations"
    icon = "group"
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    search_backend_name = None
    form_fields = ["name", "kind"]


class FlagsViewSet(ViewSet):
    """退出预警: a report page, shown to whoever may see programs."""

    name = "catalogue_flags"
    url_prefix = "catalogue/flags"
    icon = "warning"
    menu_label = "退出预警"

    def get_urlpatterns(self):
        view = FlagsReportView.as_view(program_inspect_url_name=program_viewset.get_url_name("inspect"))
        return [path("", view, name="index")]

    @cached_property
    def menu_item_class(self):
        def is_shown(item, request):
            return program_policy.user_has_any_permission(request.user, ["view", "change"])

        return type("FlagsMenuItem", (MenuItem,), {"is_shown": is_shown})


program_viewset = ProgramViewSet()
category_viewset = CategoryViewSet()
edition_viewset = EditionViewSet()
adjustment_viewset = AdjustmentViewSet()
flags_viewset = FlagsViewSet()
organisation_viewset = OrganisationViewSet()


class CatalogueViewSetGroup(ViewSetGroup):
    menu_label = "专业目录"
    menu_icon = "list-ul"
    menu_order = 150
    items = (
        program_viewset,
        adjustment_viewset,
        flags_viewset,
        edition_viewset,
        category_viewset,
        organisation_viewset,
    )


@hooks.register("register_admin_viewset")
def register_catalogue_admin():
    return CatalogueViewSetGroup()
