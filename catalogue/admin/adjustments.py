"""Adjustment proposals: listing, submission, inspect with a pre-check, and the approve/reject decisions."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

from cms.object_actions import ObjectActionMixin

from ..adjustments import (
    AdjustmentError,
    Proposal,
    RegisterState,
    approve_for_next_edition,
    completeness_problems,
    pending_state,
    reject,
    reopen_if_rejected,
)
from ..forms import ApproveForm, RejectForm
from ..impact import change_impacts
from ..models import Adjustment, Edition
from .base import RevisionCreateView, ScopedEditView, ScopedIndexView, ScopedInspectView


def precheck(adjustment):
    """What approving this adjustment would refuse: the register plus the approvals waiting to be published."""
    if adjustment.status == Adjustment.Status.APPROVED:
        return []
    draft = Edition.objects.filter(status=Edition.Status.DRAFT).first()
    state = pending_state(draft) if draft else RegisterState.from_database()
    problems = completeness_problems(adjustment) + state.check(Proposal.from_adjustment(adjustment))
    return [p.message for p in problems]


class AdjustmentIndexView(ScopedIndexView):
    approve_url_name = None
    reject_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("proposed_by")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission_for_instance("approve", instance):
            args = (quote(instance.pk),)
            buttons.append(MenuItem("批准", reverse(self.approve_url_name, args=args), "check", 40))
            buttons.append(MenuItem("退回", reverse(self.reject_url_name, args=args), "cross", 41))
        return buttons


class AdjustmentCreateView(RevisionCreateView):
    """A proposal made in the admin is submitted at once, in the name of whoever made it."""

    def save_instance(self):
        self.form.instance.proposed_by = self.request.user
        self.form.instance.status = Adjustment.Status.SUBMITTED
        return super().save_instance()

    def get_revision_comment(self, instance):
        return f"在管理后台提交动态调整 {instance.reference}"


class AdjustmentEditView(ScopedEditView):
    """Editing a rejected proposal resubmits it; the rejection stays in the recorded versions."""

    def save_instance(self):
        reopen_if_rejected(self.form.instance)
        return super().save_instance()


def linked_items(adjustment, user):
    """(label, url) of what other apps hold about an adjustment for this user, gathered through the
    `adjustment_links` hook so the catalogue imports none of them (the consultation app: its public comments)."""
    return [link for hook in hooks.get_hooks("adjustment_links") for link in hook(adjustment, user)]


class AdjustmentInspectView(ScopedInspectView):
    template_name = "catalogue/admin/adjustment_inspect.html"
    approve_url_name = None
    reject_url_name = None
    extra_labels = {"targets": "调整后专业"}

    @cached_property
    def header_buttons(self):
        linked = [
            HeaderButton(label, url=url, icon_name="comment", priority=30)
            for label, url in linked_items(self.object, self.request.user)
        ]
        if not self.user_has_permission_for_instance("approve", self.object):
            return linked
        args = (quote(self.object.pk),)
        return linked + [
            HeaderButton(
                "批准", url=reverse(self.approve_url_name, args=args), icon_name="check", priority=10
            ),
            HeaderButton(
                "退回", url=reverse(self.reject_url_name, args=args), icon_name="cross", priority=20
            ),
        ]

    def get_old_programs_display_value(self):
        return "；".join(f"{p.code} {p.name}" for p in self.object.old_programs.order_by("code"))

    def get_targets_display_value(self):
        return "；".join(f"{code} {name}" for code, name in self.object.new_entries)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["problems"] = precheck(self.object)
        context["is_open"] = self.object.status in (Adjustment.Status.DRAFT, Adjustment.Status.SUBMITTED)
        return context


class AdjustmentDecisionView(ObjectActionMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Approve or reject one open proposal: administrators only (catalogue.approve_adjustment)."""

    model = Adjustment
    permission_required = "approve"
    template_name = "catalogue/admin/adjustment_decision.html"
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Adjustment, pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        # Separation of duties: whoever proposed an adjustment never decides it, administrator or not.
        if request.user.is_authenticated and self.object.proposed_by_id == request.user.pk:
            raise PermissionDenied("不能审批本人提出的动态调整。")
        if self.user_has_permission("approve") and self.object.status not in (
            Adjustment.Status.DRAFT,
            Adjustment.Status.SUBMITTED,
        ):
            messages.error(
                request,
                f"动态调整 {self.object.reference} 已{self.object.get_status_display()}，不能再审批。",
            )
            return redirect(self.get_inspect_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            cancel_url=self.get_inspect_url(),
            decision=self.decision,
            linked_items=linked_items(self.object, self.request.user),
        )
        return context


class ApproveAdjustmentView(AdjustmentDecisionView):
    form_class = ApproveForm
    page_title = "批准动态调整"
    decision = "approve"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("problems", precheck(self.object))
        context["impacts"] = change_impacts(self.object)
        return context

    def form_valid(self, form):
        try:
            approve_for_next_edition(self.object, self.request.user)
        except AdjustmentError as error:
            problems = [p.message for p in error.problems]
            messages.error(self.request, f"动态调整 {self.object.reference} 未能批准，目录未作任何改动。")
            return self.render_to_response(self.get_context_data(form=form, problems=problems, refused=True))
        messages.success(
            self.request,
            f"已批准动态调整 {self.object.reference}，已列入待发布的目录版本；管理员发布该版本后目录才会更新。",
        )
        return redirect(self.get_inspect_url())


class RejectAdjustmentView(AdjustmentDecisionView):
    form_class = RejectForm
    page_title = "退回动态调整"
    decision = "reject"

    def form_valid(self, form):
        reject(self.object, self.request.user, form.cleaned_data["decision_note"])
        messages.success(self.request, f"已退回动态调整 {self.object.reference}。")
        return redirect(self.get_inspect_url())
