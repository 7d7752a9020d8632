"""Admin views of consultations and comments, each limited to the user's categories (permissions.py).

The committee reads comments beside the draft: the comment list filtered to one consultation, the moderation
screen and the consultation's inspect view carry header buttons to the draft (its public page, the standard's
editor or the adjustments' approval screens); the standard's editor links back (wagtail_hooks.py).
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html

from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import log

from catalogue.wagtail_hooks import adjustment_viewset

from .models import Comment, Consultation
from .permissions import consultation_policy


def comments_url(consultation):
    return reverse("consultation_comment:index") + f"?consultation={consultation.pk}"


def draft_links(consultation):
    """(url, label) of the places the draft of a consultation is read."""
    links = [(reverse("consultation:detail", args=[consultation.pk]), "查看征求意见稿")]
    if consultation.page_id:
        links.append((reverse("wagtailadmin_pages:edit", args=[consultation.page_id]), "编辑标准"))
    for adjustment in consultation.adjustments.order_by("reference"):
        url = reverse(adjustment_viewset.get_url_name("approve"), args=[adjustment.pk])
        links.append((url, f"审批调整 {adjustment.reference}"))
    return links


def link_buttons(links):
    return [HeaderButton(label, url=url, icon_name="doc-full") for url, label in links]


def comment_summary(consultation):
    comments = consultation.comments
    pending = comments.filter(status=Comment.Status.PENDING).count()
    return f"意见 {comments.count()} 条（待审核 {pending} 条）"


class CommentsColumn(Column):
    def get_value(self, instance):
        return format_html('<a href="{}">{}</a>', comments_url(instance), comment_summary(instance))


class ScopedObjectMixin:
    """Refuse (GET and POST) an object outside the user's categories, not just hide its button."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        action = self.permission_required or "view"  # the inspect view asks for any permission
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, action, instance):
            raise PermissionDenied
        return instance


class ScopedIndexView(generic.IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"])


class ConsultationCreateView(generic.CreateView):
    def save_instance(self):
        """The form opens the consultation through the service (revision or snapshot, scope, category)."""
        instance = self.form.save()
        log(instance, "wagtail.create", user=self.request.user)
        return instance


class ConsultationEditView(ScopedObjectMixin, generic.EditView):
    pass


class ConsultationInspectView(ScopedObjectMixin, generic.InspectView):
    @cached_property
    def header_buttons(self):
        comments = HeaderButton(
            comment_summary(self.object), url=comments_url(self.object), icon_name="comment"
        )
        return [*super().header_buttons, comments, *link_buttons(draft_links(self.object))]


class CommentIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("consultation")

    @cached_property
    def header_buttons(self):
        """Filtered to one consultation in the user's scope: links to its draft."""
        consultation = Consultation.objects.filter(pk=self.request.GET.get("consultation") or None).first()
        user = self.request.user
        if consultation is None or not consultation_policy.user_has_permission_for_instance(
            user, "view", consultation
        ):
            return super().header_buttons
        return [*super().header_buttons, *link_buttons(draft_links(consultation))]


class ModerateView(ScopedObjectMixin, generic.EditView):
    template_name = "consultation/admin/moderate.html"

    @cached_property
    def header_buttons(self):
        return [*super().header_buttons, *link_buttons(draft_links(self.object.consultation))]

    def get_success_message(self, instance=None):
        return f"已将该意见设为“{self.object.get_status_display()}”。"
