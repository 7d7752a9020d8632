"""Property-based tests of what users hand us: table files, ISBNs, Markdown prose and search queries.

Each property holds for every generated input: the importers either write a whole valid file or nothing and say
why in Chinese with the line and column; the ISBN parser accepts exactly the valid ISBN-13s; the Markdown renderer
never emits anything a browser would run; the public search never answers with a server error.
"""

import csv
import datetime
import io
import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from django.test import Client
from django.urls import reverse

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from reversion.models import Version

from catalogue.importers import import_adjustments, import_programs
from catalogue.models import Adjustment, AdjustmentTarget, Category, Edition, Program
from catalogue.tabular import ImportProblems
from catalogue.textbooks.importer import import_textbooks
from catalogue.textbooks.isbn import InvalidISBN, check_digit, normalise_isbn
from catalogue.textbooks.models import Textbook, TextbookBatch
from cms.users.models import Organisation
from standards.rendering import ALLOWED_TAGS, render_markdown

CHINESE = re.compile(r"[\u4e00-\u9fff]")
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        # The fixtures only seed the register the examples read; each example compares its own before/after.
        HealthCheck.function_scoped_fixture,
    ],
)

# --- table importers ------------------------------------------------------------------------------------------

huge_number = st.integers(min_value=10**18, max_value=10**60).map(str) | st.sampled_from(
    ["9" * 5000, "1e999999", "NaN", "-Infinity", "sNaN", "１２３", "٢٠٢٠", "1_000", "-0", "0x10"]
)
noise = st.one_of(
    st.just(""),
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=101, max_size=400),  # longer than any column
    st.sampled_from(["名" * 101, "名" * 201, "x" * 31]),  # just over the field lengths (100, 200, 30)
    huge_number,
    huge_number,
    st.sampled_from(['"', '""', "a,b", "x\ny", "\r", "\ufeff", " ", "|", "｜", ":", "：", "；"]),
)


PROGRAM_CELLS = {
    "code": ["0101", "0102", "0199", "0201", "01", "9999"],
    "name": ["数控加工", "焊接加工", "机床切削加工（车工）"],
    "category_code": ["01", "02", "99"],
    "category": ["", "机械类", "电工电子类"],
    "levels": ["中级技能", "中级技能|高级技能", "高级技能｜预备技师（技师）", "博士"],
    "sector": ["", "传统升级", "新兴"],
    "status": ["", "现行", "已撤销"],
    "since": ["", "2018", "1800"],
    "occupations": ["", "车工；铣工"],
    "employment_rate": ["", "92.1", "101", "95%"],
    "enrolment": ["", "5635", "-1"],
    "courses": [""],
    "description": [""],
}
ADJUSTMENT_CELLS = {
    "id": ["2025-01", "2025-02", ""],
    "type": ["新增", "更名", "合并", "拆分", "撤销", "改名"],
    "old_codes": ["", "0101", "0101|0102", "01"],
    "new": ["", "0199:智能制造", "0101:车工", "0199：新专业|0198:另一专业", "0199"],
    "effective": ["2025-09-01", "2025-13-01", ""],
    "rationale": ["行业需求旺盛", ""],
    "evidence": ["", "调研报告"],
}
TEXTBOOK_CELLS = {
    "isbn": ["9787516726648", "978-7-5167-2664-8", "9787516726640", "123"],
    "title": ["机械制图", ""],
    "series": ["", "全国技工院校教材"],
    "publisher": ["中国劳动社会保障出版社", ""],
    "editors": ["", "张三、李四"],
    "edition": ["", "1", "21"],
    "year": ["", "2023", "1900"],
    "type": ["专业基础课教材", "公共课教材", "世赛成果转化教材", "小说"],
    "level": ["通用", "中级技能", "本科"],
    "program_codes": ["", "0101", "0101|0102", "0000"],
    "course": ["", "机械制图"],
    "batch": ["第一批", "第二批", ""],
    "status": ["", "已出版", "绝版"],
    "worldskills": ["", "数控车"],
    "description": [""],
}


@st.composite
def table_text(draw, columns):
    """A CSV file: header (sometimes missing a column), plausible rows with a bad cell or two (sometimes too
    long or short), sometimes a BOM."""
    header = list(columns)
    if draw(st.integers(0, 9)) == 0:
        header.remove(draw(st.sampled_from(header)))
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        row = [draw(st.sampled_from(columns[column])) for column in header]
        for index in draw(st.lists(st.integers(0, len(header) - 1), max_size=2)):
            row[index] = draw(noise)  # one or two bad cells in an otherwise plausible row
        extra = draw(st.sampled_from([0, 0, 0, 0, -2, 1]))
        row = row[:extra] if extra < 0 else row + [draw(noise) for _ in range(extra)]
        rows.append(row)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    writer.writerows(rows)
    bom = "\ufeff" if draw(st.booleans()) else ""
    return bom + out.getvalue()


def register_counts():
    models = [Category, Program, Edition, Adjustment, AdjustmentTarget, Textbook, TextbookBatch, Organisation]
    return {model.__name__: model.objects.count() for model in models} | {"Version": Version.objects.count()}


def run_import(text, importer):
    """Import the text from a real file; on refusal, check the problems and that nothing was written."""
    before = register_counts()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.csv"
        path.write_text(text, encoding="utf-8", newline="")
        try:
            importer(path)
        except ImportProblems as refusal:
            assert refusal.problems, "a refusal names at least one problem"
            # The reader, like an editor, ends a line at \r\n, \n or a bare \r (a quoted cell may hold one).
            lines = len(re.split(r"\r\n|\r|\n", text)) + 1
            for problem in refusal.problems:
                assert CHINESE.search(problem.message), problem
                if problem.column is not None:
                    assert problem.line is not None, problem
                if problem.line is not None:
                    assert 1 <= problem.line <= lines, (problem, lines)
            assert register_counts() == before, "a refused file wrote something"


@pytest.fixture
def two_categories(db):
    Category.objects.get_or_create(code="01", defaults={"name": "机械类"})
    Category.objects.get_or_create(code="02", defaults={"name": "电工电子类"})


@pytest.fixture
def two_programs(two_categories):
    category = Category.objects.get(code="01")
    for code, name in [("0101", "车工"), ("0102", "铣工")]:
        Program.objects.get_or_create(code=code, defaults={"name": name, "category": category})


@EXAMPLES
@given(text=table_text(PROGRAM_CELLS))
# Found by this property (with more examples): both crashed the import instead of being reported.
@example(text="code,name,category_code,levels,employment_rate\n0101,车工,01,中级技能,NaN\n")
@example(text=f"code,name,category_code,levels\n0101,{'名' * 101},01,中级技能\n")
def test_program_import_writes_a_valid_file_or_nothing(two_categories, text):
    run_import(text, lambda path: import_programs(path, "2025", datetime.date(2025, 9, 1)))


@EXAMPLES
@given(text=table_text(ADJUSTMENT_CELLS))
@example(text=f"id,type,old_codes,new,effective,rationale\n{'x' * 31},新增,,0199:新专业,2025-09-01,需求\n")
@example(text=f"id,type,old_codes,new,effective,rationale\n2025-09,新增,,0199:{'名' * 101},2025-09-01,需求\n")
def test_adjustment_import_writes_a_valid_file_or_nothing(two_programs, text):
    run_import(text, lambda path: import_adjustments(path, "2025", apply=True))


@EXAMPLES
@given(text=table_text(TEXTBOOK_CELLS))
@example(
    text="isbn,title,publisher,type,level,batch,program_codes,course\n"
    f"9787516726648,机械制图,甲出版社,专业基础课教材,通用,第一批,0101,{'课' * 101}\n"
)
def test_textbook_import_writes_a_valid_file_or_nothing(two_programs, text):
    run_import(text, import_textbooks)


@EXAMPLES
@given(raw=st.binary(max_size=200))
def test_any_bytes_as_a_table_are_imported_or_refused_in_chinese(two_categories, raw):
    def importer(path):
        path.write_bytes(raw)
        import_programs(path, "2025", datetime.date(2025, 9, 1))

    run_import("", importer)


# --- ISBN --------------------------------------------------------------------------------------------------------


@st.composite
def written_isbn(draw):
    """A valid ISBN-13 as someone might type it: any hyphens or spaces, maybe full-width, maybe "ISBN:"."""
    twelve = draw(st.sampled_from(["978", "979"])) + draw(st.text("0123456789", min_size=9, max_size=9))
    digits = twelve + check_digit(twelve)
    written = "".join(d + draw(st.sampled_from(["", "", "", "-", " "])) for d in digits[:-1]) + digits[-1]
    if draw(st.booleans()):
        written = written.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    prefix = draw(st.sampled_from(["", "ISBN ", "ISBN:", "isbn：", " "]))
    return digits, prefix + written


@EXAMPLES
@given(case=written_isbn())
def test_any_writing_of_a_valid_isbn_reads_back_its_13_digits(case):
    digits, written = case
    assert normalise_isbn(written) == digits


@EXAMPLES
@given(case=written_isbn(), position=st.integers(0, 12), replacement=st.sampled_from("0123456789"))
def test_one_wrong_digit_is_always_refused(case, position, replacement):
    digits, _ = case
    assume(digits[position] != replacement)
    with pytest.raises(InvalidISBN) as refusal:
        normalise_isbn(digits[:position] + replacement + digits[position + 1 :])
    assert CHINESE.search(str(refusal.value))


@EXAMPLES
@given(text=st.text(max_size=30) | st.text("0123456789-xX ", max_size=20))
def test_any_other_text_is_refused_with_a_chinese_message(text):
    try:
        digits = normalise_isbn(text)
    except InvalidISBN as refusal:
        assert CHINESE.search(str(refusal))
        return
    assert re.fullmatch(r"97[89]\d{10}", digits) and check_digit(digits[:12]) == digits[12]


# --- Markdown ----------------------------------------------------------------------------------------------------

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "[点我](javascript:alert(1))",
    "[点我](JaVaScRiPt:alert(1))",
    "[点我](java\tscript:alert(1))",
    "[点我](&#106;avascript:alert(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[点我](vbscript:msgbox(1))",
    "![图](javascript:alert(1))",
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    '<a href=" &#x6A;avascript:alert(1)">x</a>',
    "<img src=x onerror=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))" onmouseover=alert(1)>段落</p>',
    "<object data=evil.swf></object><embed src=evil.swf>",
    '<form action="javascript:alert(1)"><button>提交</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<base href=javascript:/>",
    "<div><p><b>未闭合<i>嵌套</b></p>",
    "</td></tr></table><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "| 列 | <img src=x onerror=alert(1)> |\n|---|---|\n| <script>x</script> | [a](javascript:x) |",
    "<style>body{display:none}</style>",
    "<a href='https://example.org' target=_blank onfocus=alert(1) autofocus>链接</a>",
    "<details open ontoggle=alert(1)>",
    "<table><tr><td background=javascript:alert(1)>格</td></tr></table>",
]
SAFE_SCHEMES = {"http", "https", "mailto", "tel", "ftp", "ftps"}
SAFE_ATTRIBUTES = {"href", "title", "align", "rel"}


class OutputAudit(HTMLParser):
    """Everything in the rendered HTML a browser could run: tags, attributes and link schemes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in SAFE_ATTRIBUTES:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href" and value:
                # As a browser's URL parser reads it: tabs and newlines dropped anywhere, controls and spaces
                # trimmed at the ends (a space inside, as in "java    script:", makes it a relative path).
                compact = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21)))).lower()
                scheme = re.match(r"^([a-z][a-z0-9+.\-]*):", compact)
                if scheme and scheme.group(1) not in SAFE_SCHEMES:
                    self.problems.append(f"href scheme {scheme.group(1)}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


markdown_input = st.lists(
    st.sampled_from(ATTACKS) | st.text(max_size=20) | st.sampled_from(["\n\n", "- ", "# ", "> ", "**", "|"]),
    max_size=8,
).map("".join)


@EXAMPLES
@given(text=markdown_input)
def test_rendered_markdown_contains_nothing_a_browser_would_run(text):
    audit = OutputAudit()
    audit.feed(render_markdown(text))
    audit.close()
    assert audit.problems == []


def test_the_audit_sees_what_it_is_looking_for():
    """The audit itself would catch each construct (so the property above can fail)."""
    audit = OutputAudit()
    audit.feed('<script></script><a href=" Java\tScript:x" onclick="y">z</a><svg></svg>')
    assert audit.problems == [
        "tag <script>",
        "href scheme javascript",
        "attribute onclick on <a>",
        "tag <svg>",
    ]


# --- public search -----------------------------------------------------------------------------------------------

query_text = st.text(max_size=60) | st.sampled_from(
    ["978-7-5167-2664-8", "0101", "hj", "焊接 OR 车工", '"', "\\", "%", "_", "'; DROP TABLE x;--", "a" * 300]
)


@EXAMPLES
@given(
    q=query_text,
    page=st.sampled_from(["1", "2", "0", "-1", "999999999999", "abc", ""]),
    sort=st.text(max_size=8),
)
@pytest.mark.django_db
def test_search_page_and_api_always_answer(q, page, sort):
    client = Client()
    params = {"q": q, "page": page, "sort": sort}
    page_response = client.get(reverse("search:page"), params)
    assert page_response.status_code == 200
    assert "<html" in page_response.content.decode()
    api = client.get(reverse("search:api"), params)
    assert api.status_code == 200 and isinstance(json.loads(api.content), dict)
    suggest = client.get(reverse("search:suggest"), {"q": q})
    assert suggest.status_code == 200 and isinstance(json.loads(suggest.content)["suggestions"], list)
