"""A figure's numbers as CSV: UTF-8 with a BOM (Excel then reads the Chinese), safe against formula injection."""

import csv
import io

from django.http import HttpResponse

from cms.spreadsheets import formula_safe_row


def figure_csv(figure):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(formula_safe_row(figure.columns))
    for row in figure.rows:
        writer.writerow(formula_safe_row(row))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistics-{figure.key}.csv"'
    return response
