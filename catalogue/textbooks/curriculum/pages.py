"""What the textbooks app adds to other apps' public pages, without those apps importing it.

The program page (`catalogue.views.program_detail`) asks every `program_page_sections` hook for a section; the
hook in this app's wagtail_hooks.py answers with `program_section`. Anonymous visitors see the listed titles
only, and only their pages go into the public page cache (cms/caching.py stores no page rendered for a
logged-in user), so the in-review titles staff see never reach the cache.
"""

from django.db.models import Q

from catalogue.models import Program

from ..models import ReviewStage, Textbook
from ..review.scope import visible_textbooks
from .trace import IN_REVIEW_STAGES, trace_program

SECTION_TEMPLATE = "textbooks/curriculum/program_section.html"


def sees_applications(user, program):
    """Administrators and the committee members of the program's category follow its applications."""
    return user.is_authenticated and Program.objects.editable_by(user).filter(pk=program.pk).exists()


def textbooks_for(user, program):
    """Listed titles, and for staff the applications under review they may open (the review scope decides:
    committee members see titles from the committee stage on)."""
    listed = Q(live=True, review_stage=ReviewStage.LISTED)
    if sees_applications(user, program):
        in_review = visible_textbooks(user).filter(review_stage__in=IN_REVIEW_STAGES).values("pk")
        return Textbook.objects.filter(listed | Q(pk__in=in_review))
    return Textbook.objects.filter(listed)


def program_section(request, program):
    """The program's current standard, its courses with their textbooks and the gaps; a template and context."""
    staff = sees_applications(request.user, program)
    trace = trace_program(program, textbooks_for(request.user, program))
    listed = Textbook.objects.listed().filter(programs=program)
    return {
        "template": SECTION_TEMPLATE,
        "context": {
            "program": program,
            "trace": trace,
            "staff": staff,
            "textbook_count": listed.count(),
        },
    }
