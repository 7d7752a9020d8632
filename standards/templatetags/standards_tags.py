"""Template helpers of the standards pages."""

from django import template
from django.db.models import Prefetch

from ..models import ProgramCourse

register = template.Library()


@register.filter
def courses_with_textbooks(standard):
    """[(course, listed textbooks)] for a standard's course table, the live page or an old version's snapshot.

    A course's textbooks are those of its identity in the program (ProgramCourse, by code), read through the
    reverse relation with field lookups: the standards app never imports the textbooks app, which builds on it.
    """
    courses = list(standard.courses.all())
    if not standard.program_id or not courses:
        return [(course, []) for course in courses]
    textbook_model = ProgramCourse._meta.get_field("textbooks").related_model
    listed = (
        textbook_model.objects.filter(live=True, review_stage="listed")
        .select_related("publisher")
        .order_by("isbn")
    )
    identities = ProgramCourse.objects.filter(
        program_id=standard.program_id, code__in=[course.code for course in courses]
    ).prefetch_related(Prefetch("textbooks", queryset=listed, to_attr="listed_textbooks"))
    by_code = {identity.code: identity.listed_textbooks for identity in identities}
    return [(course, by_code.get(course.code, [])) for course in courses]
