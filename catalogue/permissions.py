"""Who may do what to the register in the admin: Wagtail permission policies with the committee scope.

The role groups (`cms.users.roles`) carry model permissions only. The object scope lives here: a committee
member may change a program only if its category lists them in `Category.committee_members`, and may change
only their own adjustment proposals. Nothing in the register is deleted from the admin (programs are retired by
adjustment, editions and categories are referenced by history), approved adjustments are frozen, nobody
approves their own proposal, and editions are made by approving adjustments and published by an administrator,
never created by hand.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.users.models import Organisation
from cms.users.roles import ADMINISTRATORS, in_role, is_administrator

from .models import Adjustment, Category, Edition, Program

OPEN_STATUSES = (Adjustment.Status.DRAFT, Adjustment.Status.SUBMITTED)


@dataclass(frozen=True)
class CatalogueScope:
    administrator: bool
    category_ids: frozenset


def catalogue_scope(user):
    """The user's scope, cached on the user object for the request (the listing asks once per row)."""
    scope = getattr(user, "_catalogue_scope", None)
    if scope is None:
        authenticated = user.is_authenticated
        scope = CatalogueScope(
            administrator=authenticated and is_administrator(user),
            category_ids=frozenset(
                user.committee_categories.values_list("pk", flat=True) if authenticated else ()
            ),
        )
        user._catalogue_scope = scope
    return scope


def scoped_categories(user):
    """The categories a user may propose and edit for: all for administrators, their committees' otherwise."""
    scope = catalogue_scope(user)
    if scope.administrator:
        return Category.objects.all()
    return Category.objects.filter(pk__in=scope.category_ids)


class RegisterPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, minus the actions the register never allows from the admin."""

    forbidden_actions = frozenset({"delete"})

    def user_has_permission(self, user, action):
        return action not in self.forbidden_actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.forbidden_actions]
        return super().users_with_any_permission(allowed) if allowed else get_user_model().objects.none()


class ProgramPermissionPolicy(RegisterPermissionPolicy):
    """Committee members change only the programs of the categories they sit on."""

    scoped_actions = frozenset({"change"})

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action not in self.scoped_actions:
            return True
        scope = catalogue_scope(user)
        return scope.administrator or instance.category_id in scope.category_ids

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = [action for action in actions if self.user_has_permission(user, action)]
        if not allowed:
            return Program.objects.none()
        if any(action not in self.scoped_actions for action in allowed):
            return Program.objects.all()
        return Program.objects.editable_by(user)

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        if all(action in self.scoped_actions for action in actions):
            users = users.filter(
                Q(is_superuser=True) | in_role(ADMINISTRATORS) | Q(committee_categories=instance.category)
            ).distinct()
        return users


class AdjustmentPermissionPolicy(RegisterPermissionPolicy):
    """Approved adjustments are frozen; committee members change only the proposals they made."""

    forbidden_actions = frozenset()

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "approve":
            # Nobody decides their own proposal, however many permissions they hold.
            return instance.status in OPEN_STATUSES and instance.proposed_by_id != user.pk
        if action in ("change", "delete"):
            if instance.status == Adjustment.Status.APPROVED:
                return False
            return catalogue_scope(user).administrator or instance.proposed_by_id == user.pk
        return True

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = {action for action in actions if self.user_has_permission(user, action)}
        if not allowed:
            return Adjustment.objects.none()
        if allowed & {"view", "add"}:
            return Adjustment.objects.all()
        open_ones = Adjustment.objects.exclude(status=Adjustment.Status.APPROVED)
        if "approve" in allowed or catalogue_scope(user).administrator:
            return open_ones
        return open_ones.filter(proposed_by=user)


class EditionPermissionPolicy(RegisterPermissionPolicy):
    """Editions are closed by approving adjustments (or by the importer), never created by hand."""

    forbidden_actions = frozenset({"add", "delete"})


program_policy = ProgramPermissionPolicy(Program)
adjustment_policy = AdjustmentPermissionPolicy(Adjustment)
category_policy = RegisterPermissionPolicy(Category)
edition_policy = EditionPermissionPolicy(Edition)
organisation_policy = RegisterPermissionPolicy(Organisation)


def register_policies():
    """Called at the top of wagtail_hooks, before any viewset asks the registry for a fallback policy."""
    for model, policy in [
        (Program, program_policy),
        (Adjustment, adjustment_policy),
        (Category, category_policy),
        (Edition, edition_policy),
        (Organisation, organisation_policy),
    ]:
        register_permission_policy(model, policy, exact_class=True)
