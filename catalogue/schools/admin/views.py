"""Admin views of the schools register: scoped listings and object URLs, and the report's walk.

Every URL naming an object goes through `scoped`: the object must be in the user's scope and the view's action
allowed on it by the model's permission policy (`permissions`), or Wagtail's permission denied answers, for GET
and POST alike. The report's 提交 / 审核通过 / 退回 are their own views calling `services`, logged to the
object's history.
"""

import functools

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from catalogue.admin.base import EMPTY, ScopedIndexView, ScopedInspectView, local_time
from cms.object_actions import ObjectActionMixin

from .. import scope, services
from ..export import export_links
from ..models import AnnualReport

#: Generic views that change the object; the others only read it.
ACTIONS = {"edit": "change", "delete": "delete"}


def scoped(view, name, policy):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        instance = get_object_or_404(policy.model, pk=unquote(str(kwargs["pk"])))
        if not policy.user_has_permission_for_instance(request.user, ACTIONS.get(name, "view"), instance):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class SchoolsIndexView(ScopedIndexView):
    """The listing narrowed to the user's scope, with delete links only where the user may delete that row."""

    def get_base_queryset(self):
        visible = self.permission_policy.visible(self.request.user)
        return super().get_base_queryset().filter(pk__in=visible.values("pk"))

    def get_delete_url(self, instance):
        if self.user_has_permission_for_instance("delete", instance):
            return super().get_delete_url(instance)


class OwnSchoolRequiredMixin:
    """Adding is for users with a school of their own: provincial staff hold model permissions for imports only."""

    def dispatch(self, request, *args, **kwargs):
        if not scope.own_schools(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportCreateView(OwnSchoolRequiredMixin, generic.CreateView):
    """A new report opens at once for its lines."""

    def get_success_url(self):
        return reverse(self.edit_url_name, args=(quote(self.object.pk),))

    def get_success_message(self, instance):
        return f"已新建{instance}，请逐个专业填写年报数据，填好后提交。"


class SchoolsInspectView(ScopedInspectView):
    extra_labels = {"levels": "培养层级"}

    def get_levels_display_value(self):
        return "、".join(level.label for level in self.object.levels()) or EMPTY


# --- annual reports ---------------------------------------------------------------------------------------------


def report_actions(view, report):
    """The walk's next steps the user may take on this report: (label, url name, icon)."""
    user, policy = view.request.user, view.permission_policy
    steps = []
    if policy.user_has_permission_for_instance(user, "change", report):
        steps.append(("提交", "submit", "upload"))
    if policy.user_has_permission_for_instance(user, "approve", report):
        steps += [("审核通过", "approve", "check"), ("退回", "return", "cross")]
    return steps


class ReportIndexView(SchoolsIndexView):
    template_name = "schools/admin/report_index.html"
    action_url_names = {}

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("school")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (label, name, icon) in enumerate(report_actions(self, instance), start=40):
            url = reverse(self.action_url_names[name], args=(quote(instance.pk),))
            buttons.append(MenuItem(label, url, icon_name=icon, priority=priority))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.permission_policy.user_has_permission(self.request.user, "approve"):
            awaiting = scope.approvable_reports(self.request.user).filter(
                status=AnnualReport.Status.SUBMITTED
            )
            context["awaiting_count"] = awaiting.count()
        context["export_links"] = export_links(self.request.user)
        return context


class ReportButtonsMixin:
    action_url_names = {}

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        for priority, (label, name, icon) in enumerate(report_actions(self, self.object), start=10):
            url = reverse(self.action_url_names[name], args=(quote(self.object.pk),))
            buttons.append(HeaderButton(label, url=url, icon_name=icon, priority=priority))
        return buttons


class ReportInspectView(ReportButtonsMixin, ScopedInspectView):
    template_name = "schools/admin/report_inspect.html"

    def get_submitted_at_display_value(self):
        return local_time(self.object.submitted_at) if self.object.submitted_at else EMPTY

    def get_decided_at_display_value(self):
        return local_time(self.object.decided_at) if self.object.decided_at else EMPTY

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines"] = self.object.lines.select_related("program")
        return context


class ReportEditView(ReportButtonsMixin):
    """Mixed into the generic edit view by the viewset; shows why the province returned the report."""

    template_name = "schools/admin/report_edit.html"


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回理由",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="学校会看到这段理由，请写明需要修改的内容。",
        error_messages={"required": "请填写退回理由，学校会看到它。"},
    )


class ReportActionView(ObjectActionMixin, WagtailAdminTemplateMixin, FormView):
    """One step of the report's walk: GET asks to confirm, POST calls the service and logs it."""

    template_name = "schools/admin/report_action.html"
    form_class = forms.Form
    permission_policy = None
    header_icon = "doc-full"
    log_action = None
    button_label = ""
    done_message = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(AnnualReport.objects.select_related("school"), pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, user):
        raise NotImplementedError

    def perform(self, form):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            lines=self.object.lines.select_related("program"),
            cancel_url=self.get_inspect_url(),
            button_label=self.button_label,
        )
        return context

    def form_valid(self, form):
        try:
            report = self.perform(form)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return self.render_to_response(self.get_context_data(form=form))
        data = {"reason": report.return_reason} if report.return_reason else {}
        log(report, self.log_action, user=self.request.user, data=data)
        messages.success(self.request, self.done_message.format(report=report))
        return redirect(self.get_inspect_url())


class SubmitReportView(ReportActionView):
    page_title = "提交年报"
    button_label = "提交省级审核"
    log_action = "schools.report.submit"
    done_message = "已提交{report}，等待省级人社部门审核。"

    def allowed(self, user):
        return self.permission_policy.user_has_permission(user, "change") and scope.can_edit(
            user, self.object.school
        )

    def perform(self, form):
        return services.submit_report(self.object, self.request.user)


class ApproveReportView(ReportActionView):
    page_title = "审核通过年报"
    button_label = "审核通过"
    log_action = "schools.report.approve"
    done_message = "已审核通过{report}。"

    def allowed(self, user):
        return self.permission_policy.user_has_permission(user, "approve") and scope.can_approve(
            user, self.object
        )

    def perform(self, form):
        return services.approve_report(self.object, self.request.user)


class ReturnReportView(ApproveReportView):
    page_title = "退回年报"
    form_class = ReturnForm
    button_label = "退回学校"
    log_action = "schools.report.return"
    done_message = "已退回{report}，学校会看到退回理由。"

    def perform(self, form):
        if self.object.status != AnnualReport.Status.SUBMITTED:
            raise ValidationError(
                f"该年报当前状态为“{self.object.get_status_display()}”，只有待审核的年报可以退回。"
            )
        return services.return_report(self.object, self.request.user, form.cleaned_data["reason"])
