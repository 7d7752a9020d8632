"""Editions: program counts and state in the listing, the inspect view, and publishing the draft edition."""

from django.contrib.admin.utils import quote
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

from cms.object_actions import ObjectActionMixin

from ..adjustments import AdjustmentError, publish_edition
from ..forms import PublishEditionForm
from ..models import Edition
from .base import EMPTY, ScopedEditView, ScopedIndexView, ScopedInspectView, local_time


class EditionIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(program_count=Count("programs"))


class EditionInspectView(ScopedInspectView):
    template_name = "catalogue/admin/edition_inspect.html"
    publish_url_name = None
    extra_labels = {"program_count": "现行专业数", "adjustments": "本版本批准的动态调整"}

    @cached_property
    def header_buttons(self):
        if not (self.object.is_draft and self.user_has_permission("change")):
            return []
        url = reverse(self.publish_url_name, args=(quote(self.object.pk),))
        return [HeaderButton("发布版本", url=url, icon_name="upload", priority=10)]

    def get_program_count_display_value(self):
        return self.object.programs.count()

    def get_revision_display_value(self):
        revision = self.object.revision
        if revision is None:
            return EMPTY
        parts = [local_time(revision.date_created), str(revision.user or ""), revision.comment]
        return "，".join(part for part in parts if part)

    def get_adjustments_display_value(self):
        return "、".join(self.object.adjustments.order_by("reference").values_list("reference", flat=True))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programs"] = self.object.programs.select_related("category").order_by("code")
        context["pending"] = (
            self.object.adjustments.order_by("decided_at", "pk") if self.object.is_draft else None
        )
        return context


class EditionEditView(ScopedEditView):
    pass


class PublishEditionView(ObjectActionMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """发布版本: apply the draft edition's approved adjustments and put it in force (administrators only)."""

    model = Edition
    permission_required = "change"
    form_class = PublishEditionForm
    template_name = "catalogue/admin/edition_publish.html"
    page_title = "发布目录版本"
    header_icon = "upload"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Edition, pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if self.user_has_permission("change") and not self.object.is_draft:
            messages.error(request, f"目录版本“{self.object.name}”已经发布，不能重复发布。")
            return redirect(self.get_inspect_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "edition": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = self.object.adjustments.order_by("decided_at", "pk")
        context.update(object=self.object, pending=pending, cancel_url=self.get_inspect_url())
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            edition = publish_edition(
                self.object, self.request.user, data["name"], data["effective_date"], data["notes"]
            )
        except AdjustmentError as error:
            messages.error(self.request, f"目录版本未能发布，目录未作任何改动：{error}")
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            self.request,
            f"已发布目录版本“{edition.name}”，自 {edition.effective_date:%Y-%m-%d} 起施行，"
            f"现有 {edition.programs.count()} 个现行专业。",
        )
        return redirect(self.get_inspect_url())
