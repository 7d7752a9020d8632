"""Program listing (with a UTF-8 CSV export), create/edit with the change comment, and inspect with successions."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header

from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.widgets.button import Button

from ..models import Succession
from .base import EMPTY, RevisionCreateView, ScopedEditView, ScopedIndexView, ScopedInspectView


class ProgramIndexView(ScopedIndexView):
    history_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("category")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.history_url_name:
            url = reverse(self.history_url_name, args=(quote(instance.pk),))
            buttons.append(MenuItem("历史版本", url, icon_name="history", priority=25))
        return buttons

    def stream_csv(self, queryset):
        """A byte-order mark first, so that spreadsheet programs read the Chinese text as UTF-8."""
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        """Wagtail writes the file name raw, which a Chinese name does not survive; encode it per RFC 6266."""
        response = super().write_csv_response(queryset)
        response["Content-Disposition"] = content_disposition_header(True, f"{self.get_filename()}.csv")
        return response


class ProgramCreateView(RevisionCreateView):
    def get_revision_comment(self, instance):
        return self.form.cleaned_data["change_comment"]


class ProgramEditView(ScopedEditView):
    def get_revision_comment(self, instance):
        return self.form.cleaned_data["change_comment"]


class ProgramInspectView(ScopedInspectView):
    history_url_name = None
    extra_labels = {
        "levels": "培养层级",
        "predecessors": "前身专业",
        "successors": "承继专业",
        "editions": "所在目录版本",
    }

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.history_url_name:
            url = reverse(self.history_url_name, args=(quote(self.object.pk),))
            buttons.append(Button("历史版本", url=url, icon_name="history", priority=15))
        return buttons

    def get_levels_display_value(self):
        return "、".join(self.object.level_labels)

    def get_occupations_display_value(self):
        return "、".join(self.object.occupations)

    def get_core_courses_display_value(self):
        return "、".join(self.object.core_courses)

    def get_employment_rate_display_value(self):
        return _with_year(self.object.employment_rate, "%", self.object.employment_rate_year)

    def get_enrolment_display_value(self):
        return _with_year(self.object.enrolment, " 人", self.object.enrolment_year)

    def get_predecessors_display_value(self):
        links = Succession.objects.filter(successor=self.object).select_related("predecessor", "adjustment")
        return "；".join(_succession_text(link.predecessor, link.adjustment) for link in links)

    def get_successors_display_value(self):
        links = Succession.objects.filter(predecessor=self.object).select_related("successor", "adjustment")
        return "；".join(_succession_text(link.successor, link.adjustment) for link in links)

    def get_editions_display_value(self):
        return "、".join(self.object.editions.order_by("effective_date").values_list("name", flat=True))


def _with_year(value, unit, year):
    if value is None:
        return EMPTY
    return f"{value}{unit}（{year} 年）" if year else f"{value}{unit}"


def _succession_text(program, adjustment):
    return f"{program.code} {program.name}（{adjustment.reference} {adjustment.get_kind_display()}）"
