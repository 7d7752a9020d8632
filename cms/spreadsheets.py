"""Spreadsheet exports that a cell cannot turn into a formula.

A title a publisher typed, such as `=HYPERLINK("http://…")` or `+cmd|' /C calc'!A0`, would run as a formula
(or a DDE command) when an administrator opens an export in Excel or WPS. Every cell whose text starts with a
formula character is written with a leading apostrophe, which spreadsheets show as text (OWASP's advice).
Our own exports call `formula_safe`; Wagtail's (the generic index views and the reports, site history
included) are covered by `protect_wagtail_exports`, run once at start-up.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def formula_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def formula_safe_row(values):
    return [formula_safe(value) for value in values]


def protect_wagtail_exports():
    """Wrap Wagtail's SpreadsheetExportMixin so both its CSV and XLSX cells pass through `formula_safe`."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "formula_safe", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return formula_safe(original(self, field, value, export_format))

    preprocess_field_value.formula_safe = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_download(header, rows, filename):
    """A table as CSV, UTF-8 with a BOM, so Excel on Chinese Windows opens it without garbling the names."""
    import csv

    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(formula_safe_row(row) for row in rows)
    return response


def xlsx_download(header, rows, filename, sheet_title, widths=()):
    """The same table as a workbook: a bold, frozen header; text stays text, so 0117 keeps its leading zero."""
    import io

    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append(header)
    for row in rows:
        sheet.append(formula_safe_row(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
