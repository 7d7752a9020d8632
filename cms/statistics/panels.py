"""A figure ready for a template: its numbers, its chart and where its CSV is downloaded."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.safestring import mark_safe

from . import charts
from .figures import Figure


@dataclass
class Panel:
    figure: Figure
    csv_url: str

    @property
    def svg(self):
        # charts.render escapes every label and title it writes.
        return mark_safe(charts.render(self.figure))  # noqa: S308


def panels(builders, csv_url_name):
    return [Panel(build(), reverse(csv_url_name, args=[key])) for key, build in builders.items()]
