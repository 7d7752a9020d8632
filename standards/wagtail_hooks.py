"""Admin wiring: stop an inconsistent publish in the editor with readable messages, keep the approval step's labels
as written, list published versions, manage program groups, and keep standards outside a user's scope out of their
page listings."""

from django.shortcuts import redirect
from django.urls import reverse

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import ProgramGroup, StandardVersion
from .models.pages import GuardedPublicationMixin
from .models.workflows import RELEASE_ACTIONS, StandardApprovalTask
from .scope import ScopedPagePermissionPolicy, drafts_out_of_scope, standards_out_of_scope

# Before anything asks the registry for the page policy (see scope.py).
register_permission_policy(Page, ScopedPagePermissionPolicy())


@hooks.register("before_publish_page")
def refuse_inconsistent_publication(request, page):
    """The draft is already saved as a revision; publishing stops here and the editor shows each problem."""
    if not isinstance(page, GuardedPublicationMixin):
        return None
    errors = page.consistency_errors()
    if not errors:
        return None
    messages.error(request, f"「{page.title}」未发布：一致性检查发现 {len(errors)} 处问题，草稿已保存。")
    for error in errors:
        messages.error(request, error)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


@hooks.register("construct_page_action_menu")
def keep_release_labels(menu_items, request, context):
    """Wagtail appends "和发布" to the final task's approve label ("批准并发布 和发布"); ours already says it publishes."""
    page = context.get("page")
    if not isinstance(page and page.current_workflow_task, StandardApprovalTask):
        return
    labels = {name: label for name, label, _ in RELEASE_ACTIONS}
    for item in menu_items:
        if isinstance(item, WorkflowMenuItem) and item.name in labels:
            item.label = labels[item.name]


class ReadOnlyVersionPolicy(ModelPermissionPolicy):
    """Versions are made by publication: nobody adds or deletes one by hand, superusers included."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(StandardVersion, ReadOnlyVersionPolicy(StandardVersion))


class StandardVersionViewSet(ModelViewSet):
    """Read-only register of published versions (they are created by publication, never by hand)."""

    model = StandardVersion
    icon = "history"
    menu_label = "标准版本"
    add_to_admin_menu = True
    menu_order = 310
    list_display = [
        "page",
        "number",
        Column("kind_label", label="发布性质", accessor="kind_label"),
        "effective_date",
        "published_at",
        "published_by",
    ]
    list_filter = ["change_kind"]
    inspect_view_enabled = True
    form_fields = ["note"]


@hooks.register("register_admin_viewset")
def register_versions():
    return StandardVersionViewSet("standard_versions")


@hooks.register("construct_page_chooser_queryset")
def hide_drafts_out_of_scope_from_chooser(pages, request):
    """The chooser lists every page, whoever asks: other scopes' unpublished standards are left out."""
    return pages.exclude(pk__in=drafts_out_of_scope(request.user).values("pk"))


@hooks.register("construct_explorer_page_queryset")
def hide_standards_out_of_scope(parent_page, pages, request):
    """Committee members and program groups see only the standards they may work on (listing and search)."""
    return pages.exclude(pk__in=standards_out_of_scope(request.user).values("pk"))


class ProgramGroupViewSet(ModelViewSet):
    """专业组: administrators name the groups, the programs each drafts for, and their members."""

    model = ProgramGroup
    icon = "group"
    menu_label = "专业组"
    add_to_admin_menu = True
    menu_order = 311
    list_display = ["name"]
    form_fields = ["name", "programs", "members"]


@hooks.register("register_admin_viewset")
def register_program_groups():
    return ProgramGroupViewSet("program_groups")
