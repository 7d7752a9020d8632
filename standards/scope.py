"""Which standards a user may know of in the admin, beyond what is published.

Committee members work on their categories' standards and program groups on their programs' (see permissions.py);
administrators on all. The explorer and the site history hide every standard outside that scope; the page
chooser, admin page search and the admin pages API hide the unpublished ones (a published standard's title is
public, and other pages may link to it). So a draft's title never reaches another category's committee, a
publisher or a reviewer.
"""

from django.db.models import Q

from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.users.roles import is_administrator

from .models import CourseStandardPage, TrainingStandardPage


def standards_in_scope(user):
    """Q over page ids: the standards (either page type) that `user` may draft; everything for administrators."""
    if is_administrator(user):
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    training = TrainingStandardPage.objects.filter(
        Q(program__category__committee_members=user) | Q(program__program_groups__members=user)
    )
    course = CourseStandardPage.objects.filter(category__committee_members=user)
    return Q(pk__in=training.values("pk")) | Q(pk__in=course.values("pk"))


def standards_out_of_scope(user):
    """The standard pages `user` may not work on (none for administrators), as a Page queryset."""
    scope = standards_in_scope(user)
    if not scope:  # an empty Q: administrators see everything
        return Page.objects.none()
    standards = Q(pk__in=TrainingStandardPage.objects.values("pk")) | Q(
        pk__in=CourseStandardPage.objects.values("pk")
    )
    return Page.objects.filter(standards).exclude(scope)


def drafts_out_of_scope(user):
    """The unpublished standards `user` may not work on: the titles no admin listing may show them."""
    return standards_out_of_scope(user).filter(live=False)


class ScopedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, less other scopes' unpublished standards among the pages a user may explore.

    `explorable_instances` is what Wagtail's admin pages API, admin page search and the site history's page
    entries list; a published standard stays visible (its title is public), a draft only to its scope.
    """

    def explorable_instances(self, user):
        return super().explorable_instances(user).exclude(pk__in=drafts_out_of_scope(user).values("pk"))
