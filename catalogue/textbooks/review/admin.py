"""The Textbook snippet in the admin (教材申报): publishers' drafts and staff's full list, both scoped.

Every URL of the viewset that names an object goes through `_scoped`: the object must be visible to the user
(`scope.visible_textbooks`), and the views that change it also editable (`scope.can_edit`), so no generic
snippet view (history, usage, revisions, compare, lock …) leaks another publisher's application.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property

from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet

from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS, PUBLISHERS, REVIEWERS, has_role

from ..curriculum import views as flag_views
from ..models import Notification, ReviewAction, Textbook
from . import views
from .forms import TextbookApplicationForm
from .scope import can_edit, can_view, visible_textbooks
from .services import TRANSITIONS

REVIEW_ROLES = (ADMINISTRATORS, COMMITTEE_MEMBERS, PUBLISHERS, REVIEWERS)
CHANGING_VIEWS = frozenset(
    {
        "edit",
        "delete",
        "copy",
        "revisions_revert",
        "revisions_unschedule",
        "unpublish",
        "lock",
        "unlock",
    }
)


def _scoped(view, name):
    check = can_edit if name in CHANGING_VIEWS else can_view

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        textbook = get_object_or_404(Textbook, pk=kwargs["pk"])
        if not check(request.user, textbook):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class TextbookIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=visible_textbooks(self.request.user).values("pk"))


class ReviewLinkMixin:
    """A header button to the application's review page, where it is submitted and followed."""

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if getattr(self, "object", None) and self.object.pk:
            url = reverse("textbook_review:detail", args=[self.object.pk])
            buttons.append(HeaderButton("申报与评审", url=url, icon_name="tasks", priority=5))
        return buttons


SUBMIT_ACTION = "action-submit-application"
SUBMITTABLE = TRANSITIONS[ReviewAction.SUBMIT][0]


class SubmitApplicationMenuItem(ActionMenuItem):
    """保存并提交申报 in the application's own footer: saves, then opens the one confirmation step (SubmitView)."""

    name = SUBMIT_ACTION
    label = "保存并提交申报"
    icon_name = "upload"
    order = 10

    def is_shown(self, context):
        instance = context.get("instance")
        if context.get("locked_for_user") or context["view"] not in ("create", "edit"):
            return False
        return instance is None or instance.pk is None or instance.review_stage in SUBMITTABLE


class SubmitAfterSaveMixin:
    """After 保存并提交申报 the saved application goes straight to its submission's confirmation page."""

    def get_success_url(self):
        if SUBMIT_ACTION in self.request.POST:
            return reverse("textbook_review:submit", args=[self.object.pk])
        return super().get_success_url()


class TextbookCreateView(SubmitAfterSaveMixin, CreateView):
    pass


class TextbookEditView(SubmitAfterSaveMixin, ReviewLinkMixin, EditView):
    pass


class ScopedChooserMixin:
    """Wagtail's snippet chooser lists every object to any admin user; this one only the user's scope."""

    def get_object_list(self):
        # Narrowed by id, as the listing does: the search backends filter on indexed fields and cannot
        # translate the scope's Exists() clauses (searching in the chooser answered 500 for every non-admin).
        return Textbook.objects.filter(pk__in=visible_textbooks(self.request.user).values("pk"))

    def get_object(self, pk):
        return visible_textbooks(self.request.user).get(pk=pk)

    def get_objects(self, pks):
        return visible_textbooks(self.request.user).filter(pk__in=pks)


class TextbookChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("TextbookChooseView", (ScopedChooserMixin, ChooseView), {})
    choose_results_view_class = type("TextbookChooseResultsView", (ScopedChooserMixin, ChooseResultsView), {})
    chosen_view_class = type("TextbookChosenView", (ScopedChooserMixin, SnippetChosenView), {})
    chosen_multiple_view_class = type(
        "TextbookChosenMultipleView", (ScopedChooserMixin, SnippetChosenMultipleView), {}
    )


class TextbookViewSet(SnippetViewSet):
    model = Textbook
    icon = "doc-full"
    menu_label = "教材申报"
    menu_name = "textbook_applications"
    add_to_admin_menu = True
    menu_order = 160
    url_prefix = "textbook-applications"
    copy_view_enabled = False
    inspect_view_enabled = False
    chooser_viewset_class = TextbookChooserViewSet
    index_view_class = TextbookIndexView
    add_view_class = TextbookCreateView
    edit_view_class = TextbookEditView
    list_display = [
        "title",
        "isbn",
        "publisher",
        Column("review_stage", label="评审阶段", accessor="get_review_stage_display"),
        Column("review_round", label="评审轮次", accessor=lambda textbook: textbook.review_round or "—"),
        UpdatedAtColumn(),
    ]
    list_filter = ["review_stage", "kind", "level"]
    ordering = ["-updated_at"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("isbn"),
                    FieldPanel("title"),
                    FieldPanel("series"),
                    FieldPanel("publisher", permission="textbooks.review_textbook"),
                    FieldPanel("editors"),
                    FieldRowPanel([FieldPanel("edition"), FieldPanel("year")]),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("level")]),
                    FieldPanel("publication_status"),
                ],
                heading="基本信息",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("programs"),
                    FieldPanel("courses"),
                    FieldPanel("course"),
                    FieldPanel("course_standards"),
                    FieldPanel("worldskills_item"),
                    FieldPanel("batch", permission="textbooks.review_textbook"),
                    FieldPanel("description"),
                ],
                heading="适用专业与课程",
            ),
            MultiFieldPanel(
                [FieldPanel("sample_file"), FieldPanel("toc_file")],
                heading="申报材料（PDF，仅评审人员可见）",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("previous_edition", read_only=True),
                    InlinePanel(
                        "changes",
                        heading="修订内容对照表",
                        label="修订内容",
                        panels=[
                            FieldPanel("location"),
                            FieldPanel("original"),
                            FieldPanel("revised"),
                            FieldPanel("reason"),
                        ],
                        help_text="修订版（新版次）必填：逐条列出修订位置、原内容、修订后内容和理由。",
                    ),
                ],
                heading="修订版",
            ),
        ],
        base_form_class=TextbookApplicationForm,
    )

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk>" in str(pattern.pattern) or "(?P<pk>" in str(pattern.pattern):
                pattern.callback = _scoped(pattern.callback, pattern.name)
        return patterns


class TextbookReviewViewSet(ViewSet):
    """评审工作台: the review path's own screens (see `views`), under /admin/textbook-review/."""

    name = "textbook_review"
    url_prefix = "textbook-review"
    icon = "tasks"
    menu_label = "评审工作台"
    menu_order = 161
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            path("", views.WorkbenchView.as_view(), name="index"),
            path("inbox/", views.InboxView.as_view(), name="inbox"),
            path("flags/", flag_views.FlagListView.as_view(), name="flags"),
            path("flags/<int:pk>/clear/", flag_views.ClearFlagView.as_view(), name="clear_flag"),
            path("conflicts/", views.ConflictView.as_view(), name="conflicts"),
            path("<int:pk>/", views.DetailView.as_view(), name="detail"),
            path("<int:pk>/file/<str:kind>/", views.FileDownloadView.as_view(), name="file"),
            path("<int:pk>/submit/", views.SubmitView.as_view(), name="submit"),
            path("<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
            path("<int:pk>/format-check/", views.FormatCheckView.as_view(), name="format_check"),
            path("<int:pk>/assign/", views.AssignView.as_view(), name="assign"),
            path("<int:pk>/decide/", views.DecideView.as_view(), name="decide"),
            path("<int:pk>/close-notice/", views.CloseNoticeView.as_view(), name="close_notice"),
            path("<int:pk>/new-edition/", views.NewEditionView.as_view(), name="new_edition"),
            path("assignments/<int:pk>/", views.AssignmentView.as_view(), name="assignment"),
            path("assignments/<int:pk>/replace/", views.ReplaceView.as_view(), name="replace"),
            path(
                "objections/<int:pk>/resolve/", views.ResolveObjectionView.as_view(), name="resolve_objection"
            ),
        ]

    @cached_property
    def menu_item_class(self):
        def is_shown(item, request):
            user = request.user
            return any(has_role(user, role) for role in REVIEW_ROLES) or user.is_superuser

        return type("ReviewMenuItem", (MenuItem,), {"is_shown": is_shown})


class InboxMenuItem(MenuItem):
    """我的通知, with the unread count in the label."""

    def render_component(self, request):
        unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
        label = f"{self.label}（{unread}）" if unread else self.label
        return LinkMenuItemComponent(self.name, label, self.url, icon_name=self.icon_name, attrs=self.attrs)
