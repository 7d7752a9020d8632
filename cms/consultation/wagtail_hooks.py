"""The admin of consultations: open and inspect them, moderate their comments, and a link from the standard's
editor to the comments on its drafts."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from . import admin_views
from .forms import ModerationForm, OpenConsultationForm, PeriodForm
from .models import Comment, Consultation
from .permissions import comment_policy, consultation_policy, in_scope

# Before the viewsets below ask the registry for their models' policies.
register_permission_policy(Consultation, consultation_policy, exact_class=True)
register_permission_policy(Comment, comment_policy, exact_class=True)


class ConsultationViewSet(ModelViewSet):
    model = Consultation
    icon = "comment"
    menu_label = "征求意见"
    add_item_label = "发起征求意见"
    url_prefix = "consultations"
    name = "consultations"
    inspect_view_enabled = True
    index_view_class = admin_views.ScopedIndexView
    add_view_class = admin_views.ConsultationCreateView
    edit_view_class = admin_views.ConsultationEditView
    inspect_view_class = admin_views.ConsultationInspectView
    list_display = [
        "title",
        "subject",
        "category",
        "opens_at",
        "closes_at",
        admin_views.CommentsColumn("comments", label="意见"),
    ]
    list_filter = ["subject", "category"]
    inspect_view_fields = [
        "title",
        "subject",
        "category",
        "page",
        "explanation",
        "opens_at",
        "closes_at",
        "opened_by",
    ]

    def get_form_class(self, for_update=False):
        return PeriodForm if for_update else OpenConsultationForm


class CommentViewSet(ModelViewSet):
    model = Comment
    icon = "comment"
    menu_label = "意见审核"
    url_prefix = "consultation-comments"
    name = "consultation_comment"
    index_view_class = admin_views.CommentIndexView
    edit_view_class = admin_views.ModerateView
    list_display = ["text", "consultation", "author", "section", "status", "created_at"]
    list_filter = ["status", "consultation"]

    def get_form_class(self, for_update=False):
        return ModerationForm


consultation_viewset = ConsultationViewSet()
comment_viewset = CommentViewSet()


class ConsultationViewSetGroup(ViewSetGroup):
    menu_label = "征求意见"
    menu_icon = "comment"
    menu_order = 160
    items = (consultation_viewset, comment_viewset)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ConsultationViewSetGroup()


@hooks.register("register_page_header_buttons")
def consultation_buttons(page, user, view_name, next_url=None):
    """On a standard's editor, one link per consultation on its drafts: its comments, for the committee."""
    if view_name != "edit":
        return
    for consultation in Consultation.objects.filter(page=page).select_related("category"):
        if in_scope(user, consultation.category):
            count = consultation.comments.count()
            yield Button(
                f"征求意见（{count} 条）",
                url=admin_views.comments_url(consultation),
                icon_name="comment",
                priority=80,
            )


@hooks.register("adjustment_links")
def consultation_comments_of_adjustment(adjustment, user):
    """Beside a proposed adjustment (its inspect and decision screens): the comments of each consultation on it."""
    for consultation in Consultation.objects.filter(adjustments=adjustment).select_related("category"):
        if in_scope(user, consultation.category):
            yield f"征求意见（{consultation.comments.count()} 条）", admin_views.comments_url(consultation)
