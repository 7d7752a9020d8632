"""The site history report (and its CSV/XLSX export), narrowed to the objects each role may see.

Wagtail shows a user every log entry of a content type they hold any permission on, and every page they may
explore: a publisher would read other publishers' application titles, a committee member the draft standards
of every category. Wagtail offers no hook for this, so the report's URL is served by this subclass (see
cms/urls.py), which filters each log model's entries before Wagtail unions them; the export goes through the
same queryset. Administrators keep everything.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import PageLogEntry

from catalogue.schools import scope as schools_scope
from catalogue.schools.models import Adoption, AnnualReport, Offering, ProvincialDepartment, School
from catalogue.textbooks.models import Textbook
from catalogue.textbooks.review.scope import visible_textbooks
from cms.users.roles import is_administrator
from standards.scope import standards_out_of_scope

#: Models whose log entries each user sees only for the objects in their scope.
SCOPED_MODELS = {
    Textbook: visible_textbooks,
    School: schools_scope.visible_schools,
    ProvincialDepartment: lambda user: ProvincialDepartment.objects.none(),
    Offering: schools_scope.visible_offerings,
    AnnualReport: schools_scope.visible_reports,
    Adoption: schools_scope.visible_adoptions,
}


def visible_log_entries(queryset, user):
    """`queryset` (of one log model) less the entries of objects and standards that `user` may not see."""
    if is_administrator(user):
        return queryset
    if issubclass(queryset.model, PageLogEntry):
        return queryset.exclude(page_id__in=standards_out_of_scope(user).values("pk"))
    for model, visible in SCOPED_MODELS.items():
        keys = visible(user).annotate(key=Cast("pk", output_field=CharField())).values("key")
        content_type = ContentType.objects.get_for_model(model)
        queryset = queryset.filter(~Q(content_type=content_type) | Q(object_id__in=keys))
    return queryset


class ScopedSiteHistoryView(LogEntriesView):
    def filter_queryset(self, queryset):
        return visible_log_entries(super().filter_queryset(queryset), self.request.user)
