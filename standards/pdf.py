"""PDF export of a published standard: Chinese font embedded, a table of contents, version and date on every page.

The font is a system CJK font (Debian package fonts-wqy-microhei by default); fpdf2 embeds the subset of glyphs
used, so the PDF reads the same on a machine without the font. STANDARDS_PDF_FONT (environment or settings)
points at another TrueType/OpenType file or collection.
"""

import os
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from .exchange import standard_data
from .models.pages import SECTIONS

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
FONT = "cjk"
LEVEL_LABELS = {"intermediate": "中级", "advanced": "高级", "technician": "预备技师"}


def font_path():
    configured = os.environ.get("STANDARDS_PDF_FONT") or getattr(settings, "STANDARDS_PDF_FONT", None)
    for candidate in [configured, *FONT_CANDIDATES]:
        if candidate and Path(candidate).is_file():
            return candidate
    raise ImproperlyConfigured(
        "导出 PDF 需要中文字体：请安装 Debian 软件包 fonts-wqy-microhei，或设置 STANDARDS_PDF_FONT。"
    )


class StandardPDF(FPDF):
    """Running header with the title, version and effective date; page numbers in the footer."""

    def __init__(self, running_title, version_line):
        super().__init__(format="A4")
        self.running_title = running_title
        self.version_line = version_line
        self.add_font(FONT, fname=font_path())
        self.add_font(FONT, style="B", fname=font_path())
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 20, 18)

    def header(self):
        self.set_font(FONT, size=8)
        self.set_text_color(90)
        self.cell(0, 5, self.running_title, new_x=XPos.LMARGIN)
        self.cell(0, 5, self.version_line, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)
        self.set_text_color(0)

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 5, f"{self.version_line} · 第 {self.page_no()} 页", align="C")

    def heading(self, text, level=0):
        self.start_section(text, level=level)
        self.set_font(FONT, size=15 if level == 0 else 12)
        self.multi_cell(0, 9 if level == 0 else 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def paragraph(self, text, size=10.5):
        self.set_font(FONT, size=size)
        for line in markdown_lines(text):
            self.multi_cell(0, 6, line, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)


def markdown_lines(text):
    """Markdown reduced to readable lines: emphasis and heading marks dropped, table rows kept as text."""
    lines = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line or re.fullmatch(r"\|?[\s:|-]+\|?", line):
            continue
        line = re.sub(r"^#+\s*", "", line)
        line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
        line = re.sub(r"^[-*]\s+", "• ", line)
        lines.append(
            " ｜ ".join(cell.strip() for cell in line.strip("|").split("|")) if line.startswith("|") else line
        )
    return lines


def render_toc(pdf, outline):
    pdf.set_font(FONT, size=16)
    pdf.set_x(pdf.l_margin)
    pdf.cell(0, 12, "目录", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for section in outline:
        pdf.set_font(FONT, size=10.5 if section.level == 0 else 9.5)
        indent = "　　" * section.level
        pdf.cell(
            0,
            6.5 if section.level == 0 else 5.5,
            f"{indent}{section.name}",
            link=pdf.add_link(page=section.page_number),
        )
        pdf.cell(
            0,
            6.5 if section.level == 0 else 5.5,
            str(section.page_number),
            align="R",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )


def render_pdf(page, version):
    """The standard as of `version` (page is that version's revision object), as PDF bytes."""
    data = standard_data(page, version)
    version_line = f"第 {version.number} 版 · {version.effective_date:%Y-%m-%d} 施行"
    pdf = StandardPDF(f"{page.title}（{page.program.code}）", version_line)
    pdf.set_title(page.title)
    pdf.set_creator("技工院校专业目录与教材")
    pdf.add_page()
    pdf.set_font(FONT, size=20)
    pdf.ln(30)
    pdf.multi_cell(0, 12, page.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=12)
    pdf.multi_cell(
        0,
        8,
        f"专业：{page.program.name}（{page.program.code}）\n{version_line}",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.add_page()
    pdf.insert_toc_placeholder(render_toc, pages=1, allow_extra_pages=True)
    for name, label in SECTIONS:
        if data["sections"][name] or name == "course_setup":
            pdf.ln(4)
            pdf.heading(label)
            pdf.paragraph(data["sections"][name])
            if name == "course_setup":
                course_table(pdf, page, data)
    course_standards(pdf, data)
    return bytes(pdf.output())


def course_table(pdf, page, data):
    levels = [level.value for level in page.program.levels]
    pdf.set_font(FONT, size=9)
    widths = (18, 62, *([20] * len(levels)), 30)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=6) as table:
        table.row(["代码", "课程名称", *[LEVEL_LABELS[level] for level in levels], "典型工作任务"])
        for course in data["courses"]:
            hours = [str(course["hours"].get(level, "")) for level in levels]
            table.row([course["code"], course["name"], *hours, "、".join(course["work_tasks"])])
        table.row(["", "合计（声明）", *[str(data["levels"].get(level, 0)) for level in levels], ""])
    pdf.ln(3)


def course_standards(pdf, data):
    pdf.add_page()
    pdf.heading("一体化课程标准")
    tasks = {task["code"]: task for task in data["work_tasks"]}
    for course in data["courses"]:
        total = sum(course["hours"].values())
        pdf.heading(f"{course['code']} {course['name']}（{total} 学时）", level=1)
        sources = "；".join(f"{code} {tasks[code]['name']}" for code in course["work_tasks"] if code in tasks)
        pdf.paragraph(f"来源典型工作任务：{sources}", size=9.5)
        for key, label in (("objectives", "课程目标"), ("content", "学习内容"), ("assessment", "考核评价")):
            if course[key]:
                pdf.paragraph(f"{label}：{course[key]}", size=9.5)
        lines = [
            f"{i}. {task['name']}（{task['hours']} 学时）"
            for i, task in enumerate(course["learning_tasks"], 1)
        ]
        pdf.paragraph("参考性学习任务：\n" + "\n".join(lines), size=9.5)
