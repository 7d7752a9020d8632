"""The admin's 统计 view: the public panels plus the review pipeline, for administrators only.

Committee members are left out on purpose: the pipeline counts every category's applications and overdue
reviewers by name, which their scope (their own categories) does not cover; the public page serves them too.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.generic import TemplateView, View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.users.roles import is_administrator

from .exports import figure_csv
from .figures import ADMIN_FIGURES
from .panels import panels
from .views import SECTIONS, sectioned

ADMIN_SECTIONS = [
    ("申报与评审", ["review-stages", "review-overdue", "review-days"]),
    *SECTIONS,
]


class AdministratorsOnly:
    def dispatch(self, request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StatisticsView(AdministratorsOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "statistics/admin.html"
    page_title = "统计"
    header_icon = "table"

    def get_context_data(self, **kwargs):
        all_panels = panels(ADMIN_FIGURES, "statistics_admin:csv")
        return super().get_context_data(sections=sectioned(all_panels, ADMIN_SECTIONS), **kwargs)


class StatisticsCsvView(AdministratorsOnly, View):
    def get(self, request, key):
        builder = ADMIN_FIGURES.get(key)
        if builder is None:
            raise Http404("没有这项统计")
        return figure_csv(builder())
