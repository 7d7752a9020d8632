"""What the schools app adds to other apps through Wagtail hooks, none of which import it: the evidence for the
retirement warnings (`catalogue.flags`), the schools an adjustment touches (`catalogue.impact`), and the sections of the public program and textbook pages (pages.py)."""

from wagtail import hooks

from catalogue.flags import RETIREMENT_EVIDENCE_HOOK, Evidence, YearPoint
from catalogue.impact import HOOK as CHANGE_IMPACT_HOOK

from . import figures, pages
from .adjustments import school_impact


@hooks.register(RETIREMENT_EVIDENCE_HOOK)
def retirement_evidence(program_ids):
    """Per program: national yearly enrolment and employment rate from approved reports, and the number of
    schools offering it; None on a site without school data, so the static figures keep deciding there."""
    if not figures.has_school_data():
        return None
    series = figures.program_series(program_ids)
    counts = figures.offering_counts(program_ids)
    return {
        pk: Evidence(
            years=[YearPoint(y.year, y.enrolment, y.employment_rate, y.schools) for y in series.get(pk, [])],
            offering_schools=counts.get(pk, 0),
        )
        for pk in program_ids
    }


@hooks.register("program_page_sections")
def program_schools_section(request, program):
    return pages.program_section(request, program)


@hooks.register("textbook_page_sections")
def textbook_adoption_section(request, textbook):
    return pages.textbook_section(request, textbook)


@hooks.register("program_schools_offering")
def program_schools_offering(program):
    """`schools_offering` of /api/v1/programs/{code}: schools with an active offering."""
    return figures.offering_counts([program.pk]).get(program.pk, 0)


@hooks.register(CHANGE_IMPACT_HOOK)
def schools_change_impact(subject, changes):
    """The approval screen of an adjustment lists the schools running the programs it changes."""
    return school_impact(subject, changes)
