"""The catalogue in force as CSV and Excel: public, one row per program of the newest edition, Chinese headers
and filename, and cells that a spreadsheet cannot run as formulas."""

import csv
import io
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from catalogue.factories import CategoryFactory, EditionFactory, ProgramFactory

pytestmark = pytest.mark.django_db

HEADER = ["专业大类代码", "专业大类", "专业代码", "专业名称", "培养层次", "产业类型", "目录版本"]


@pytest.fixture
def editions():
    category = CategoryFactory(code="01", name="机械类")
    old = ProgramFactory(category=category, code="0101", name="机床切削加工")
    kept = ProgramFactory(category=category, code="0102", name="数控加工", offers_technician=True)
    added = ProgramFactory(category=category, code="0103", name='=HYPERLINK("http://x")')
    EditionFactory(name="2018").programs.set([old, kept])
    EditionFactory(name="2025").programs.set([kept, added])


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_lists_the_newest_edition_one_row_per_program(client, editions):
    response = client.get("/catalogue/download/csv/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0] == HEADER
    assert [row[2] for row in rows[1:]] == ["0102", "0103"]
    assert rows[1] == [
        "01",
        "机械类",
        "0102",
        "数控加工",
        "中级技能、高级技能、预备技师（技师）",
        "常规",
        "2025",
    ]


def test_formula_in_a_program_name_stays_text(client, editions):
    rows = csv_rows(client.get("/catalogue/download/csv/"))
    assert rows[2][3] == '\'=HYPERLINK("http://x")'
    sheet = load_workbook(io.BytesIO(client.get("/catalogue/download/xlsx/").content)).active
    assert sheet["D3"].value == '\'=HYPERLINK("http://x")' and sheet["D3"].data_type == "s"


def test_xlsx_has_the_same_rows_and_a_chinese_filename(client, editions):
    response = client.get("/catalogue/download/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER and [row[2] for row in values[1:]] == ["0102", "0103"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('技工院校专业目录（2025版）.xlsx')}" in disposition


def test_without_any_edition_the_programs_in_force_are_listed(client, db):
    ProgramFactory(code="0201", name="电工", category=CategoryFactory(code="02"))
    ProgramFactory(code="0202", name="已撤销专业", category=CategoryFactory(code="02"), status="retired")
    rows = csv_rows(client.get("/catalogue/download/csv/"))
    assert [row[2] for row in rows[1:]] == ["0201"] and rows[1][6] == ""


def test_index_links_to_both_downloads(client, editions):
    html = client.get("/catalogue/").content.decode()
    assert 'href="/catalogue/download/csv/"' in html and "下载 CSV" in html
    assert 'href="/catalogue/download/xlsx/"' in html and "下载 Excel" in html
