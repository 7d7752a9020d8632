"""退出预警: the committees' decision aids from `catalogue.flags` as an admin report, each warning with the
yearly figures behind it and their trend drawn inline (server-side SVG, no script)."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from ..flags import (
    employment_rate_threshold,
    falling_years,
    format_rate,
    min_offering_schools,
    retirement_flags,
    sector_counts,
)
from ..models import Program, Sector


class FlagsReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """退出预警: programs in force that look like retirement candidates, and the sector mix per category."""

    model = Program
    any_permission_required = ["view", "change"]
    template_name = "catalogue/admin/flags.html"
    page_title = "退出预警"
    header_icon = "warning"
    program_inspect_url_name = None

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        flags = retirement_flags()
        for flag in flags:
            flag.url = reverse(self.program_inspect_url_name, args=(quote(flag.program.pk),))
        context.update(
            flags=flags,
            threshold=format_rate(employment_rate_threshold()),
            falling_years=falling_years(),
            min_schools=min_offering_schools(),
            from_schools=any(flag.from_schools for flag in flags),
            sectors=Sector.labels,
            sector_rows=sector_counts(),
        )
        return context
