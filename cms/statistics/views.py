"""The public statistics page (/statistics/) and its CSV downloads: only what the public site itself shows."""

from django.http import Http404
from django.shortcuts import render

from .exports import figure_csv
from .figures import PUBLIC_FIGURES
from .panels import panels
from .schools import SCHOOL_SECTIONS

SECTIONS = [
    (
        "规划教材",
        [
            "textbooks-target",
            "textbooks-by-batch",
            "textbooks-by-type",
            "textbooks-by-category",
            "textbooks-over-time",
            "textbooks-cumulative-by-batch",
        ],
    ),
    ("专业目录", ["catalogue-by-category", "catalogue-by-sector", "adjustments-by-year"]),
    ("培养标准与课程", ["standards-coverage", "course-coverage"]),
    *SCHOOL_SECTIONS,
]


def sectioned(all_panels, sections):
    by_key = {panel.figure.key: panel for panel in all_panels}
    return [(title, [by_key[key] for key in keys]) for title, keys in sections]


def statistics_page(request):
    context = {"sections": sectioned(panels(PUBLIC_FIGURES, "statistics:csv"), SECTIONS)}
    return render(request, "statistics/index.html", context)


def statistics_csv(request, key):
    builder = PUBLIC_FIGURES.get(key)
    if builder is None:
        raise Http404("没有这项统计")
    return figure_csv(builder())
