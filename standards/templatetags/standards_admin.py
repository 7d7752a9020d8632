from django import template

from ..curriculum import change_impact_context
from ..models import TrainingStandardPage

register = template.Library()


@register.inclusion_tag("catalogue/admin/impact.html")
def standard_change_impact(page):
    """The courses a publication changes and the textbooks it touches (empty for course standards)."""
    page = page.specific
    if not isinstance(page, TrainingStandardPage):
        return {"course_changes": None, "impacts": []}
    return change_impact_context(page)
