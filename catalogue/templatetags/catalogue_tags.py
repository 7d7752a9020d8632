"""Template helpers for the public pages that are not themselves catalogue views (the Wagtail home page)."""

from django import template
from django.db.models import Count

from catalogue.models import Edition

register = template.Library()


@register.simple_tag
def latest_editions(count=2):
    """The newest editions with their program counts, so the home page can name the catalogue in force."""
    return list(
        Edition.objects.published()
        .annotate(program_count=Count("programs"))
        .order_by("-effective_date", "-name")[:count]
    )
