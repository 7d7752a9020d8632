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
