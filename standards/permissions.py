"""Who may touch which standard: page permissions come from groups, the scope from the catalogue and program groups.

Wagtail's group page permissions say what a role may do anywhere under the standards index; this tester narrows
that to the standards in the user's scope: the categories whose committee they sit on, and the programs of the
program groups (专业组) they belong to. Administrators keep everything. Reviewing (the committee step of the
workflow) is narrower still: only the category's committee, never a program group (see models/workflows.py), and
never on one's own work (separation of duties, administrators included).
"""

from django.db.models import Q

from wagtail.models import Page, PagePermissionTester

from catalogue.models import Program
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


def is_own_work(user, page):
    """Separation of duties: whoever submitted the standard to its workflow, or wrote the revision under review or
    the latest revision (the one the final approval publishes), may not act on its approval steps."""
    state = page.current_workflow_state
    if state is None:
        return False
    authors = {state.requested_by_id, page.get_latest_revision().user_id}
    task_state = state.current_task_state
    if task_state is not None and task_state.revision is not None:
        authors.add(task_state.revision.user_id)
    return user.pk in authors - {None}


def exclude_own_work(task_states, user):
    """The task states of `task_states` whose standard is not the user's own work (see `is_own_work`)."""
    written = Page.objects.filter(latest_revision__user=user).values_list("pk", flat=True)
    return (
        task_states.exclude(workflow_state__requested_by=user)
        .exclude(revision__user=user)
        .exclude(workflow_state__object_id__in=[str(pk) for pk in written])
    )


def in_program_group_for(user, program):
    """Whether the user belongs to a program group (专业组) given this program."""
    if program is None or not user.is_authenticated or not user.is_active:
        return False
    return program.program_groups.filter(members=user).exists()


def may_draft(user, page):
    """Drafting scope: the category's committee, a program group of the program, or an administrator."""
    return may_act_on_category(user, page.standard_category()) or in_program_group_for(
        user, page.standard_program()
    )


def draftable_programs(user):
    """Programs a non-administrator may write a training standard for (committee categories, program groups)."""
    return Program.objects.filter(
        Q(category__committee_members=user) | Q(program_groups__members=user)
    ).distinct()


class StandardPermissionTester(PagePermissionTester):
    """The usual tester, minus every action on standards outside the user's drafting scope."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.in_scope = may_draft(user, page)

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
