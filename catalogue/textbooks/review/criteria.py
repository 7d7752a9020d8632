"""评审指标 in the admin: administrators keep the versions of the weighted review rubric.

A version that any assignment was given is frozen: its edit screen refuses with a message and offers a copy
(复制为新版本), an unused draft the administrator edits and then marks as current. So every stored score keeps
reading against the criteria, weights and maximum scores it was given under, and new assignments get the
current version (`CriteriaSet.current`, used by `services._assign`).
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from ..models import CriteriaSet, Criterion
from .scope import is_staff

TOTAL_WEIGHT = 100


def weighted_total(criteria, scores):
    """The weighted total out of 100 of `scores` (criterion id → points), as ReviewAssignment.total_score reads
    stored scores: each criterion's share of its maximum times its weight. Unscored criteria count 0 (a draft)."""
    total = sum(
        Decimal(scores[c.pk]) * c.weight / c.max_score for c in criteria if scores.get(c.pk) is not None
    )
    return Decimal(total).quantize(Decimal("0.1"))


def rubric_problems(rows):
    """What is wrong with a rubric given as (name, weight, max_score) rows, as sentences for the form."""
    if not rows:
        return ["每个版本至少须有一项评审指标。"]
    problems = []
    names = [name for name, _, _ in rows]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        problems.append(f"指标名称不能重复：{'、'.join(repeated)}。")
    problems += [f"“{name}”的权重须大于 0。" for name, weight, _ in rows if not weight]
    problems += [f"“{name}”的满分须大于 0。" for name, _, maximum in rows if not maximum]
    total = sum(weight or 0 for _, weight, _ in rows)
    if total != TOTAL_WEIGHT:
        problems.append(f"各项指标权重之和须为 {TOTAL_WEIGHT}%，现为 {total}%。")
    return problems


def used_message(criteria_set):
    count = criteria_set.reviewassignment_set.count()
    return f"“{criteria_set}”已用于 {count} 个评审任务，不能修改；如需调整，请复制为新版本后修改。"


class CriteriaSetForm(WagtailAdminModelForm):
    """The version with its criteria; the rules across rows (total weight, names) are checked here."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("criteria")
        if formset is not None:
            formset.is_valid()  # fills cleaned_data; a row's own errors are shown on the row
            # names as typed: Django drops a repeated name from cleaned_data with a message of its own
            rows = [
                (
                    (f["name"].value() or "").strip(),
                    f.cleaned_data.get("weight"),
                    f.cleaned_data.get("max_score"),
                )
                for f in formset.forms
                if f.has_changed() and not f.cleaned_data.get("DELETE")
            ]
            for problem in rubric_problems(rows):
                self.add_error(None, problem)
        was_current = (
            self.instance.pk and CriteriaSet.objects.filter(pk=self.instance.pk, active=True).exists()
        )
        if was_current and not cleaned.get("active"):
            self.add_error("active", "当前使用的版本不能直接停用；请将另一个版本设为当前使用。")
        return cleaned


class CriteriaPermissionPolicy(BasePermissionPolicy):
    """Administrators (管理员, superusers) only; a used or current version is never deleted."""

    def user_has_permission(self, user, action):
        return is_staff(user)

    def user_has_any_permission(self, user, actions):
        return is_staff(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete":
            return is_staff(user) and not instance.active and not instance.is_used
        return is_staff(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        return [user for user in users if is_staff(user)]


criteria_policy = CriteriaPermissionPolicy(CriteriaSet)


class CriteriaSetEditView(generic.EditView):
    """Refuses a used version, on opening and again under a row lock when saving (an assignment may have
    been made in between), and sends the administrator to the copy screen instead."""

    def dispatch(self, request, *args, **kwargs):
        if not is_staff(request.user):
            raise PermissionDenied
        criteria_set = get_object_or_404(CriteriaSet, pk=kwargs["pk"])
        if criteria_set.is_used:
            return self.refuse(criteria_set)
        return super().dispatch(request, *args, **kwargs)

    def refuse(self, criteria_set):
        messages.error(self.request, used_message(criteria_set))
        return redirect(reverse("review_criteria:copy", args=[criteria_set.pk]))

    def form_valid(self, form):
        with transaction.atomic():
            locked = CriteriaSet.objects.select_for_update().get(pk=self.object.pk)
            if locked.is_used:
                return self.refuse(locked)
            return super().form_valid(form)


class CopyVersionView(WagtailAdminTemplateMixin, TemplateView):
    """复制为新版本: an unused, not yet current copy of a version, then opened for editing."""

    template_name = "textbooks/review/criteria_copy.html"
    page_title = "复制为新版本"
    header_icon = "list-ol"

    def dispatch(self, request, *args, **kwargs):
        if not is_staff(request.user):
            raise PermissionDenied
        self.source = get_object_or_404(CriteriaSet, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.source)

    def get_context_data(self, **kwargs):
        criteria = self.source.criteria.all()
        return super().get_context_data(source=self.source, criteria=criteria, **kwargs)

    def post(self, request, pk):
        with transaction.atomic():
            copy = CriteriaSet(name=self.source.name, active=False)
            copy.save()
            Criterion.objects.bulk_create(
                Criterion(
                    criteria_set=copy,
                    name=c.name,
                    weight=c.weight,
                    max_score=c.max_score,
                    description=c.description,
                    sort_order=c.sort_order,
                )
                for c in self.source.criteria.all()
            )
        messages.success(request, f"已复制为第 {copy.version} 版；修改后勾选“当前使用”即可启用。")
        return redirect(reverse("review_criteria:edit", args=[copy.pk]))


class CriteriaSetViewSet(ModelViewSet):
    model = CriteriaSet
    name = "review_criteria"
    url_prefix = "review-criteria"
    icon = "list-ol"
    menu_label = "评审指标"
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    edit_view_class = CriteriaSetEditView
    permission_policy = criteria_policy
    ordering = ["-version"]
    list_display = [
        "version",
        "name",
        BooleanColumn("active", label="当前使用"),
        Column("criteria", label="指标数", accessor=lambda version: version.criteria.count()),
        Column("used", label="已用于评审任务", accessor=lambda version: version.reviewassignment_set.count()),
        "created_at",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel(
                "active", help_text="新分配的评审任务使用当前版本；设为当前使用后，其他版本自动停用。"
            ),
            InlinePanel(
                "criteria",
                heading="评审指标",
                label="指标",
                min_num=1,
                panels=[
                    FieldPanel("name"),
                    FieldPanel("weight"),
                    FieldPanel("max_score"),
                    FieldPanel("description"),
                ],
                help_text="各项权重之和须为 100%；每项按 0 至满分打分，折算后按权重计入总分。",
            ),
        ],
        base_form_class=CriteriaSetForm,
    )

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("copy/<int:pk>/", CopyVersionView.as_view(), name="copy")]
