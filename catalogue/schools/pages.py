"""The schools app's sections on other apps' public pages (answered through the hooks in public_hooks.py).

Public pages show the register (which schools offer a program, at which levels) and national totals only,
never one school's reported figures. The anonymous page cache is emptied when offerings, schools, adoptions or
approved reports change (see cache.py), so these sections are never stale for long.
"""

from django.utils.safestring import mark_safe

from cms.statistics.charts import sparkline

from . import figures

PROGRAM_TEMPLATE = "schools/public/program_section.html"
TEXTBOOK_TEMPLATE = "schools/public/textbook_section.html"


def program_section(request, program):
    """开设学校 (schools by province) and 招生趋势 (national yearly totals) for the program page."""
    provinces = figures.schools_by_province(program)
    years = figures.program_series([program.pk]).get(program.pk, [])
    chart = ""
    if len(years) > 1:
        chart = sparkline(
            f"{program.name}：全国招生人数逐年变化",
            [(y.year, y.enrolment) for y in years],
            width=320,
            height=90,
        )
    return {
        "template": PROGRAM_TEMPLATE,
        "context": {
            "program": program,
            "provinces": provinces,
            "school_count": sum(group.count for group in provinces),
            "years": years,
            "chart": mark_safe(chart),  # noqa: S308 - sparkline escapes its labels
        },
    }


def textbook_section(request, textbook):
    """选用情况: how many schools and students use the title (latest term, and over all terms)."""
    return {"template": TEXTBOOK_TEMPLATE, "context": {"adoption": figures.textbook_adoption(textbook)}}
