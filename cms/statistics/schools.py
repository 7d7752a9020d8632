"""The public statistics of the technical schools' own records: textbook adoption (教材选用) and the schools
(技工院校). The numbers come from `catalogue.schools.figures`: adoption as the schools record it, enrolment from
approved annual reports only, national totals only (no single school's figures)."""

from catalogue.schools import figures as school_figures
from catalogue.schools.models import term_label

from .figure import Figure

UNPLANNED_SHARE = 50


def _term_note(term):
    return f"按最近一个学期（{term_label(term)}）的选用记录统计。" if term else ""


def adoption_top_titles():
    term, rows = school_figures.most_adopted_titles(limit=10)
    return Figure(
        "adoption-top-titles",
        "选用学校最多的规划教材",
        ["教材", "ISBN", "选用学校数", "使用学生数"],
        rows,
        series=[2],
        note=_term_note(term),
    )


def adoption_unplanned_courses():
    term, found = school_figures.courses_on_unlisted_books(UNPLANNED_SHARE)
    rows = [
        (f"{course_code} {course}", f"{code} {program}", listed, total, unplanned, share)
        for code, program, course_code, course, total, unplanned, share, listed in found
    ]
    return Figure(
        "adoption-unplanned-courses",
        "多数学生使用非规划教材的课程",
        ["课程", "专业", "该课程规划教材（种）", "使用学生数", "使用非规划教材的学生数", "占比（%）"],
        rows,
        chart="none",
        summary=f"共 {len(rows)} 门课程超过 {UNPLANNED_SHARE}% 的学生使用非规划教材。" if term else "",
        note=_term_note(term)
        + "非规划教材：不在规划教材目录中、或未列为该课程教材的图书。该课程没有规划教材时，是规划的缺口。",
    )


def adoption_unused_titles():
    unused = school_figures.unused_listed_titles().count()
    return Figure(
        "adoption-unused-titles",
        "尚无学校选用的规划教材：按专业大类",
        ["专业大类", "已列入目录", "尚无学校选用"],
        school_figures.unused_listed_titles_by_category(),
        series=[2],
        summary=f"已列入目录的规划教材中，有 {unused} 种尚无学校填报选用。",
        note="一种教材适用于多个大类的专业时，各大类分别计数；不对应专业的教材计入“公共课”。",
    )


def schools_by_province():
    return Figure(
        "schools-by-province",
        "技工院校：按省份的学校数",
        ["省份", "学校数"],
        school_figures.schools_per_province(),
    )


def schools_enrolment_by_year():
    rows = [
        (f"{y.year}年", y.enrolment, y.students, y.graduates, y.schools)
        for y in school_figures.national_series()
    ]
    return Figure(
        "schools-enrolment-by-year",
        "技工院校：全国招生人数",
        ["年度", "招生人数", "在校生人数", "毕业生人数", "报送学校数"],
        rows,
        chart="line",
        series=[1],
        note="根据省级审核通过的专业年报汇总；未审核或已退回的年报不计入。",
    )


SCHOOL_FIGURES = {
    builder.__name__.replace("_", "-"): builder
    for builder in (
        adoption_top_titles,
        adoption_unplanned_courses,
        adoption_unused_titles,
        schools_by_province,
        schools_enrolment_by_year,
    )
}
SCHOOL_SECTIONS = [
    ("教材选用", ["adoption-top-titles", "adoption-unplanned-courses", "adoption-unused-titles"]),
    ("技工院校", ["schools-by-province", "schools-enrolment-by-year"]),
]
