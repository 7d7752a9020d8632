"""PDF export of a published standard: Chinese font embedded, a table of contents, version and date on every page.

Prose is Markdown, rendered to the same sanitised HTML as the web page and drawn with fpdf2's HTML renderer, so
headings, lists, bold and tables (real PDF tables, through fpdf2's table API) survive into the PDF.

Lines follow the Chinese line-breaking rules (禁则): no line starts with closing punctuation (。，、）」 …) and
none ends with opening punctuation (（「《 …). fpdf2 breaks CJK text wherever the width runs out and offers no
hook for a line breaker, so `KinsokuLineBreak` is installed in its place for every fpdf2 document in the process
(the standards are the only PDFs the site draws; Latin text rarely meets these characters).

The font is a system CJK font (Debian package fonts-wqy-microhei by default); fpdf2 embeds the subset of glyphs
used, so the PDF reads the same on a machine without the font. STANDARDS_PDF_FONT (environment or settings)
points at another TrueType/OpenType file or collection.
"""

import os
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

import fpdf.fpdf
import fpdf.text_region
from fpdf import FPDF, FontFace, TextStyle
from fpdf.enums import TextEmphasis, TextMode, WrapMode, XPos, YPos
from fpdf.line_break import MultiLineBreak

from .exchange import course_standard_data, standard_data
from .rendering import render_markdown
from .sections import COURSE_STANDARD_SECTIONS, SECTIONS

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
FONT = "cjk"
LEVEL_LABELS = {"intermediate": "中级", "advanced": "高级", "technician": "预备技师"}


# Closing punctuation may not start a line, opening punctuation may not end one (GB/T 15834 and common practice).
NO_LINE_START = frozenset("。，、；：？！）」』】》〉〕］｝〗”’…·％,.;:?!)]}")
NO_LINE_END = frozenset("（「『【《〈〔［｛〖“‘([{")
# How many characters a line may give up to the next one to satisfy the rules; past that it breaks as fpdf2 did.
MAX_CARRIED = 3
NARROWER = 0.01  # mm: enough to make the line's last character no longer fit


class KinsokuLineBreak(MultiLineBreak):
    """fpdf2's line breaker, which then moves a line's last characters to the next line while the next line would
    start with closing punctuation or this one ends with opening punctuation: "字\n。" becomes "\n字。"."""

    def get_line(self):
        start = (self.fragment_index, self.character_index, self.idx_last_forced_break, self._is_first_line)
        line = super().get_line()
        for _ in range(MAX_CARRIED):
            if line is None or not self._breaks_a_rule(line) or _characters(line) < 2:
                break
            line = self._narrower(start, line)
        return line

    def _breaks_a_rule(self, line):
        if line.trailing_nl or line.trailing_form_feed:
            return False
        last = line.fragments[-1].characters[-1] if line.fragments and line.fragments[-1].characters else ""
        return last in NO_LINE_END or self._next_character() in NO_LINE_START

    def _next_character(self):
        fragment, index = self.fragment_index, self.character_index
        while fragment < len(self.fragments):
            if index < len(self.fragments[fragment].characters):
                return self.fragments[fragment].characters[index]
            fragment, index = fragment + 1, 0
        return ""

    def _narrower(self, start, line):
        """The same line broken again from `start` with a width its last character no longer fits in."""
        self.fragment_index, self.character_index, self.idx_last_forced_break, self._is_first_line = start
        full_width, extra = self.get_width, sum(float(m) for m in self.margins)
        extra += self.first_line_indent if self._is_first_line else 0
        limit = line.text_width - NARROWER + extra
        self.get_width = lambda height: min(full_width(height), limit)
        try:
            shorter = super().get_line()
        finally:
            self.get_width = full_width
        return shorter._replace(max_width=line.max_width)


def _characters(line):
    return sum(len(fragment.characters) for fragment in line.fragments)


fpdf.fpdf.MultiLineBreak = KinsokuLineBreak
fpdf.text_region.MultiLineBreak = KinsokuLineBreak


ANCHOR_WITHOUT_ADDRESS = re.compile(r"<a\b(?![^>]*\bhref=)[^>]*>(.*?)</a>", re.S)


def without_empty_links(html):
    """Keep the text of links that have no address (a sanitised javascript: link, a Word bookmark anchor):
    fpdf2's HTML renderer requires href on every <a>."""
    return ANCHOR_WITHOUT_ADDRESS.sub(r"\1", html)


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
        for style in ("", "B", "I", "BI"):  # one CJK face; bold and italic are told apart by the renderer
            self.add_font(FONT, style=style, fname=font_path())
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 20, 18)

    def set_font(self, family=None, style="", size=0):
        """The CJK font has no bold face: bold (**strong**, table heads, headings) is drawn filled and stroked."""
        super().set_font(family, style, size)
        # fpdf2 passes a TextEmphasis, not a string, when it restores the font after a page break.
        letters = style.style if isinstance(style, TextEmphasis) else (style or "")
        mode = TextMode.FILL_STROKE if "B" in letters.upper() else TextMode.FILL
        if mode != self.text_mode:
            self.text_mode = mode
            if self.page > 0:  # keep the content stream in step, as set_font does for the font itself
                self._out(f"{mode} Tr")

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
        self.set_font(FONT, style="B", size=15 if level == 0 else 12)
        self.multi_cell(0, 9 if level == 0 else 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def paragraph(self, text, size=10.5):
        """Plain text (no Markdown), one line per line."""
        self.set_font(FONT, size=size)
        for line in (text or "").splitlines():
            self.multi_cell(0, 6, line, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def markdown(self, text, size=10.5):
        """Markdown as on the web page: headings, lists, bold and emphasis, and tables as PDF tables."""
        html = without_empty_links(render_markdown(text))
        if not html.strip():
            return
        self.set_font(FONT, size=size)
        self.set_x(self.l_margin)
        html = html.replace("<table>", '<table border="1">')  # ruled cells, like the course table
        self.write_html(html, tag_styles=html_styles(size), li_prefix_color=(0, 0, 0))
        self.set_x(self.l_margin)
        self.ln(2)


def html_styles(size):
    """Headings in black bold at sizes near the body's, code in the CJK face (the default Courier has no CJK)."""
    headings = {"h3": size + 2, "h4": size + 1, "h5": size, "h6": size}
    styles = {
        tag: TextStyle(font_family=FONT, font_style="B", font_size_pt=pt, color=0, t_margin=3, b_margin=1)
        for tag, pt in headings.items()
    }
    styles["code"] = FontFace(family=FONT)
    styles["pre"] = TextStyle(font_family=FONT, t_margin=2)
    styles["blockquote"] = TextStyle(color=80, t_margin=2, b_margin=2, l_margin=6)
    return styles


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


def new_document(title, running_title, cover_lines, version):
    """Cover page, then the table-of-contents placeholder; the caller writes the sections."""
    version_line = f"第 {version.number} 版 · {version.effective_date:%Y-%m-%d} 施行"
    pdf = StandardPDF(running_title, version_line)
    pdf.set_title(title)
    pdf.set_creator("技工院校专业目录与教材")
    pdf.add_page()
    pdf.set_font(FONT, size=20)
    pdf.ln(30)
    pdf.multi_cell(0, 12, title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=12)
    pdf.multi_cell(
        0, 8, "\n".join([*cover_lines, version_line]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.add_page()
    pdf.insert_toc_placeholder(render_toc, pages=1, allow_extra_pages=True)
    return pdf


def render_pdf(page, version):
    """The training standard as of `version` (page is that version's revision object), as PDF bytes."""
    data = standard_data(page, version)
    pdf = new_document(
        page.title,
        f"{page.title}（{page.program.code}）",
        [f"专业：{page.program.name}（{page.program.code}）"],
        version,
    )
    for name, label in SECTIONS:
        if data["sections"][name] or name == "course_setup":
            pdf.ln(4)
            pdf.heading(label)
            pdf.markdown(data["sections"][name])
            if name == "course_setup":
                course_table(pdf, page, data)
    course_standards(pdf, data)
    return bytes(pdf.output())


def render_course_pdf(page, version):
    """A course standard (公共课 or 大类通用专业课) as of `version`, as PDF bytes."""
    data = course_standard_data(page, version)
    cover = [f"{page.get_kind_display()} · 课程代码 {page.course_code} · {page.hours} 学时"]
    if page.category_id:
        cover.append(f"专业大类：{page.category}")
    pdf = new_document(page.title, f"{page.title}（{page.course_code}）", cover, version)
    for name, label in COURSE_STANDARD_SECTIONS:
        if data["sections"][name]:
            pdf.ln(4)
            pdf.heading(label)
            pdf.markdown(data["sections"][name])
        if name == "content" and data["learning_tasks"]:
            pdf.ln(4)
            pdf.heading("参考性学习任务")
            learning_task_table(pdf, data["learning_tasks"])
    return bytes(pdf.output())


def learning_task_table(pdf, tasks):
    pdf.set_font(FONT, size=9.5)
    with pdf.table(col_widths=(10, 50, 16, 98), text_align="LEFT", line_height=6) as table:
        table.row(["序号", "学习任务", "学时", "任务描述"])
        for number, task in enumerate(tasks, 1):
            table.row([str(number), task["name"], str(task["hours"]), task["description"]])
        table.row(["", "合计", str(sum(task["hours"] for task in tasks)), ""])
    pdf.ln(3)


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
                pdf.set_font(FONT, style="B", size=9.5)
                pdf.cell(0, 6, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.markdown(course[key], size=9.5)
        pdf.set_font(FONT, style="B", size=9.5)
        pdf.cell(0, 6, "参考性学习任务", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        learning_task_table(pdf, course["learning_tasks"])
