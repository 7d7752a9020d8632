"""The prose sections of both kinds of standard, in reading order: (field name, heading).

One list for everything that walks a standard section by section: the pages and their editor panels, the
comparison, the Markdown exchange format and the PDF. It imports no model, so the exporters need not import the
pages to know the sections.
"""

from catalogue.models import Level

SECTIONS = [
    ("info", "专业信息"),
    ("objectives_intermediate", "培养目标和要求（中级技能）"),
    ("objectives_advanced", "培养目标和要求（高级技能）"),
    ("objectives_technician", "培养目标和要求（预备技师（技师））"),
    ("training_mode", "培养模式"),
    ("course_setup", "课程设置"),
    ("assessment", "考核评价"),
    ("implementation", "实施建议"),
]
"""A training standard's sections."""

COURSE_STANDARD_SECTIONS = [
    ("objectives", "课程目标"),
    ("content", "学习内容"),
    ("teaching", "教学建议"),
    ("assessment", "考核评价"),
]
"""A course standard's sections (its learning tasks follow 学习内容 in the exports)."""

OBJECTIVE_FIELDS = {
    Level.INTERMEDIATE: "objectives_intermediate",
    Level.ADVANCED: "objectives_advanced",
    Level.TECHNICIAN: "objectives_technician",
}
"""The objectives section of each level: a standard shows only those of the levels its program offers."""

SCHOOLING_HEADER = "基本学制"


def schooling(info):
    """[(培养层次, 基本学制)] read from the 专业信息 section's Markdown table, the one place a standard states them.

    The table's first column names the level and a column headed 基本学制 the length; a standard without such a
    table gives an empty list (the summary then leaves the line out).
    """
    for table in _tables(info or ""):
        header, *body = table
        if SCHOOLING_HEADER in header:
            column = header.index(SCHOOLING_HEADER)
            body = [row for row in body if not set("".join(row)) <= set("-: ")]  # drop the |---| rule
            return [(row[0], row[column]) for row in body if len(row) > column]
    return []


def _tables(text):
    """Each run of consecutive Markdown table lines, as rows of cells."""
    tables, current = [], []
    for line in [*text.splitlines(), ""]:
        if line.strip().startswith("|"):
            current.append(_cells(line))
        elif current:
            tables.append(current)
            current = []
    return tables


def _cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]
