"""Who may open consultations and moderate their comments: a category's committee, and administrators.

Not Django model permissions: the role groups carry none for this app, and the scope is the category either way
(`Category.committee_members`, as for standards in standards/permissions.py). Nothing is deleted from the
admin: a consultation and its comments are the record of what the public said. Comments are added only by the
public form.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from wagtail.permission_policies import BasePermissionPolicy

from catalogue.models import Category
from cms.users.roles import ADMINISTRATORS, in_role, is_administrator

from .models import Comment, Consultation


def may_consult(user):
    """Administrators, and committee members of at least one category."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_administrator(user) or user.committee_categories.exists()


def consultable_categories(user):
    if is_administrator(user):
        return Category.objects.all()
    return Category.objects.filter(committee_members=user)


def in_scope(user, category):
    """The category's committee or an administrator (a category-less consultation: administrators only)."""
    if not may_consult(user):
        return False
    return is_administrator(user) or (
        category is not None and category.committee_members.filter(pk=user.pk).exists()
    )


def visible_consultations(user):
    if not may_consult(user):
        return Consultation.objects.none()
    if is_administrator(user):
        return Consultation.objects.all()
    return Consultation.objects.filter(category__committee_members=user)


class ScopedPolicy(BasePermissionPolicy):
    """Actions allowed per model; instances only within the user's categories."""

    allowed_actions = frozenset()

    def user_has_permission(self, user, action):
        return action in self.allowed_actions and may_consult(user)

    def users_with_any_permission(self, actions):
        if not set(actions) & self.allowed_actions:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | in_role(ADMINISTRATORS) | Q(committee_categories__isnull=False))
            .distinct()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and in_scope(user, self.category_of(instance))

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return self.model.objects.none()
        return self.scoped(visible_consultations(user))

    def category_of(self, instance):
        raise NotImplementedError

    def scoped(self, consultations):
        raise NotImplementedError


class ConsultationPolicy(ScopedPolicy):
    allowed_actions = frozenset({"add", "change", "view"})

    def category_of(self, instance):
        return instance.category

    def scoped(self, consultations):
        return consultations


class CommentPolicy(ScopedPolicy):
    """Moderation is the "change" action: the edit form sets the status only."""

    allowed_actions = frozenset({"change", "view"})

    def category_of(self, instance):
        return instance.consultation.category

    def scoped(self, consultations):
        return Comment.objects.filter(consultation__in=consultations)


consultation_policy = ConsultationPolicy(Consultation)
comment_policy = CommentPolicy(Comment)
