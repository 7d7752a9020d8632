"""Import files as users hand them over (CSV with a BOM, or XLSX), and the commands run as a user runs them."""

import csv
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from openpyxl import Workbook


def write_csv(tmp_path, header, rows, name="import.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


#: The columns of a province's 专业年报 file, as the README documents them.
REPORT_HEADER = [
    "统一社会信用代码",
    "学校名称",
    "专业代码",
    "层级",
    "招生人数",
    "在校生人数",
    "毕业生人数",
    "就业率（%）",
]


def write_xlsx(tmp_path, header, rows, name="import.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def run(command, path, *args):
    """The command's output, which ends with the counts."""
    out = StringIO()
    call_command(command, str(path), *args, stdout=out)
    return out.getvalue()


def refused(command, path, *args):
    """The problems a refused import lists, as the user reads them."""
    try:
        call_command(command, str(path), *args, stdout=StringIO())
    except CommandError as exc:
        return str(exc)
    raise AssertionError(f"{command} accepted {path}")
