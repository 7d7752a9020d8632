"""Who may touch which standard: page permissions come from groups, the category scope from the catalogue.

Wagtail's group page permissions say what a role may do anywhere under the standards index; this tester narrows
that to the categories whose committee the user sits on (administrators keep everything).
"""

from wagtail.models import PagePermissionTester

from cms.users.roles import is_administrator


def may_act_on_category(user, category):
    """Administrators act on every standard; committee members only on their own categories'."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_administrator(user):
        return True
    if category is None:
        return False
    return category.committee_members.filter(pk=user.pk).exists()


class StandardPermissionTester(PagePermissionTester):
    """The usual tester, minus every action on standards outside the user's categories."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.in_scope = may_act_on_category(user, page.standard_category())

    def can_edit(self):
        return self.in_scope and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self.in_scope and super().can_delete(ignore_bulk=ignore_bulk)

    def can_publish(self):
        return self.in_scope and super().can_publish()

    def can_unpublish(self):
        return self.in_scope and super().can_unpublish()

    def can_lock(self):
        return self.in_scope and super().can_lock()

    def can_unlock(self):
        return self.in_scope and super().can_unlock()

    def can_submit_for_moderation(self):
        return self.in_scope and super().can_submit_for_moderation()

    def can_copy(self):
        return False


class IndexPermissionTester(PagePermissionTester):
    """Committee members add standards under the index, but the section page itself is the administrators'."""

    def can_edit(self):
        return is_administrator(self.user) and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return is_administrator(self.user) and super().can_delete(ignore_bulk=ignore_bulk)
