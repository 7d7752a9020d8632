"""The public textbook list as CSV and Excel: every listed title matching the page's filters (not only the page
on screen), Chinese headers and filename, formula-safe cells; titles not listed never appear."""

import csv
import io
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from catalogue.factories import CategoryFactory, OrganisationFactory, ProgramFactory
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import ReviewStage

pytestmark = pytest.mark.django_db

LISTED = {"live": True, "review_stage": ReviewStage.LISTED}


@pytest.fixture
def books():
    publisher = OrganisationFactory(name="中国劳动社会保障出版社")
    program = ProgramFactory(code="0102", name="数控加工", category=CategoryFactory(code="01"))
    TextbookFactory.create_batch(21, publisher=publisher, level="intermediate", programs=[program], **LISTED)
    TextbookFactory(isbn="9787504099990", title='=HYPERLINK("http://x")', level="advanced", **LISTED)
    TextbookFactory(isbn="9787504099983", title="评审中的教材", level="advanced")  # a draft: not public


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_holds_every_listed_title_not_only_the_first_page(client, books):
    response = client.get("/textbooks/download/csv/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0][:5] == ["ISBN", "书名", "丛书", "主编", "出版社"] and "适用专业" in rows[0]
    assert len(rows) == 1 + 22
    assert "评审中的教材" not in [row[1] for row in rows]


def test_a_filter_narrows_the_download_as_it_narrows_the_page(client, books):
    rows = csv_rows(client.get("/textbooks/download/csv/", {"level": "advanced"}))
    assert [row[0] for row in rows[1:]] == ["9787504099990"]
    rows = csv_rows(client.get("/textbooks/download/csv/", {"program": "数控"}))
    assert len(rows) == 1 + 21 and all(row[10] == "0102 数控加工" for row in rows[1:])


def test_formula_in_a_title_stays_text(client, books):
    rows = csv_rows(client.get("/textbooks/download/csv/", {"level": "advanced"}))
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    response = client.get("/textbooks/download/xlsx/", {"level": "advanced"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == '\'=HYPERLINK("http://x")' and sheet["B2"].data_type == "s"


def test_xlsx_has_all_rows_and_a_chinese_filename(client, books):
    response = client.get("/textbooks/download/xlsx/", {"level": "intermediate"})
    assert response.status_code == 200
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert values[0][1] == "书名" and len(values) == 1 + 21
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('技工院校规划教材目录.xlsx')}" in disposition


def test_list_links_to_the_downloads_with_its_filters(client, books):
    html = client.get("/textbooks/", {"level": "advanced", "page": "1"}).content.decode()
    assert 'href="/textbooks/download/csv/?level=advanced"' in html and "下载 CSV" in html
    assert 'href="/textbooks/download/xlsx/?level=advanced"' in html and "下载 Excel" in html
