"""The Textbook snippet's permission policy: model permissions from the roles, object scope from `scope`.

Publishers change their own organisation's applications only while they are theirs to change (draft, returned,
withdrawn); nothing under review is edited by anyone but staff; titles are published only by listing them
(`services.close_notice`). A listed title changes by a new edition with its table of changes, so no role is
given `publish_textbook`: only a superuser could publish a hand edit of a listed title.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from ..models import ReviewStage, Textbook
from .scope import can_edit, can_view, is_staff, visible_textbooks

CHANGE_ACTIONS = frozenset({"change", "lock", "unlock"})


class TextbookPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "view":
            return can_view(user, instance)
        if action in CHANGE_ACTIONS:
            return can_edit(user, instance)
        if action == "delete":
            return is_staff(user) and instance.review_stage == ReviewStage.DRAFT
        if action in ("publish", "unpublish"):
            return is_staff(user) and instance.review_stage == ReviewStage.LISTED
        return True

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return Textbook.objects.none()
        return visible_textbooks(user)


textbook_policy = TextbookPermissionPolicy(Textbook)
