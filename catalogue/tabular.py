"""Reading CSV and XLSX files a user hands us, and reporting what is wrong with them in Chinese.

Every importer reads rows through `read_table` and collects `RowProblem`s; a command prints them all and writes
nothing when there is any.
"""

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.dispatch import Signal

from cms.text import control_character_message, first_control_character, strip_zero_width


@dataclass(frozen=True)
class RowProblem:
    line: int | None
    column: str | None
    message: str

    def __str__(self):
        where = []
        if self.line is not None:
            where.append(f"第 {self.line} 行")
        if self.column:
            where.append(f"“{self.column}”列")
        prefix = "，".join(where)
        return f"{prefix}：{self.message}" if prefix else self.message


# Sent by every import command when it ends without error, whether or not it changed anything (sender: the
# command's name). Whatever follows imported data (the search index) finishes work a crashed run left undone.
import_finished = Signal()


class TableError(Exception):
    """The file as a whole cannot be read: wrong type, encoding, structure or missing columns."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, column):
        return self.values.get(column, "")


def read_table(path, required_columns):
    """Rows of a CSV (UTF-8) or XLSX file with a header row, each with the line number a user sees."""
    path = Path(path)
    if not path.is_file():
        raise TableError([RowProblem(None, None, f"找不到文件 {path}")])
    size, limit = path.stat().st_size, settings.IMPORT_MAX_BYTES
    if size > limit:
        raise TableError(
            [
                RowProblem(
                    None,
                    None,
                    f"文件过大（{size / 1048576:.1f} MB），导入文件不能超过 {limit / 1048576:.0f} MB",
                )
            ]
        )
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        header, rows = _read_xlsx(path)
    elif suffix in {".csv", ".txt"}:
        header, rows = _read_csv(path)
    else:
        raise TableError(
            [RowProblem(None, None, f"不支持的文件类型“{suffix or '无扩展名'}”，请使用 CSV 或 XLSX")]
        )
    missing = [c for c in required_columns if c not in header]
    if missing:
        raise TableError([RowProblem(1, None, f"表头缺少列：{'、'.join(missing)}")])
    return rows


def _read_csv(path):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TableError(
            [
                RowProblem(
                    line, None, "文件不是 UTF-8 编码（可能是 GBK/GB18030），请在表格软件中另存为 UTF-8 CSV"
                )
            ]
        ) from exc
    if "\x00" in text:
        raise TableError([RowProblem(None, None, "文件含有二进制内容，不是有效的 CSV 文件")])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = _bounded((reader.line_num, record) for record in reader)
    except csv.Error as exc:
        raise TableError([RowProblem(reader.line_num, None, f"CSV 格式错误：{exc}")]) from exc
    return _rows_from_records(records)


def _read_xlsx(path):
    from openpyxl import load_workbook

    _check_unpacked_size(path)
    unreadable = TableError([RowProblem(None, None, "无法读取 XLSX 文件，文件可能已损坏或不是 Excel 工作簿")])
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl fails on a malformed workbook with many kinds of error
        raise unreadable from exc
    try:
        if not workbook.worksheets:
            raise TableError([RowProblem(None, None, "XLSX 文件中没有工作表")])
        rows = workbook.worksheets[0].iter_rows()
        records = _bounded(
            (number, [_cell_text(cell) for cell in cells]) for number, cells in enumerate(rows, start=1)
        )
    except TableError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken sheet (bad XML, bad cell) surfaces only while reading
        raise unreadable from exc
    finally:
        workbook.close()
    return _rows_from_records(records)


def _check_unpacked_size(path):
    """An XLSX is a zip: refuse one that would unpack to far more than any real catalogue (a zip bomb)."""
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableError(
            [RowProblem(None, None, "无法读取 XLSX 文件，文件可能已损坏或不是 Excel 工作簿")]
        ) from exc
    if unpacked > limit:
        raise TableError(
            [
                RowProblem(
                    None, None, f"XLSX 文件解压后超过 {limit / 1048576:.0f} MB，不像是专业目录或教材目录"
                )
            ]
        )


def _bounded(records):
    """The records, stopping as soon as there are more than IMPORT_MAX_ROWS: a huge file is refused, not read."""
    limit = settings.IMPORT_MAX_ROWS
    result = []
    for record in records:
        result.append(record)
        if len(result) > limit + 1:  # the header row is not a data row
            raise TableError([RowProblem(None, None, f"数据行超过 {limit} 行，请分批导入")])
    return result


def _cell_text(cell):
    """A cell as the person who typed it sees it: 12.0 reads 12, and a percentage cell (stored as 0.965, shown as
    96.5%) reads "96.5%", not 0.965."""
    value = cell.value
    if value is None:
        return ""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and "%" in (getattr(cell, "number_format", "") or ""):
        return f"{(Decimal(str(value)) * 100).normalize():f}%"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_from_records(records):
    records = [(line, record) for line, record in records if any(cell.strip() for cell in record)]
    if not records:
        raise TableError([RowProblem(None, None, "文件为空，没有表头和数据行")])
    header_line, header = records[0]
    header = [h.strip() for h in header]
    problems, rows = [], []
    for line, record in records[1:]:
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            problems.append(RowProblem(line, None, f"列数 {len(record)} 多于表头的 {len(header)} 列"))
            continue
        values = {
            column: strip_zero_width(record[i]).strip() if i < len(record) else ""
            for i, column in enumerate(header)
        }
        for column, value in values.items():
            if (char := first_control_character(value)) is not None:
                problems.append(RowProblem(line, column, control_character_message(char)))
        rows.append(Row(line, values))
    if problems:
        raise TableError(problems)
    if not rows:
        raise TableError([RowProblem(header_line, None, "只有表头，没有数据行")])
    return header, rows


class ImportProblems(Exception):
    """Every problem found in a file; raised before anything is written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class UniqueKey:
    """The column whose value must not repeat within a file, and how to read it from a row."""

    column: str
    label: str
    value: Callable[[Row], str | None] | None = None

    def of(self, row):
        return self.value(row) if self.value else row[self.column]


def parse_table(path, required_columns, parse_row, unique):
    """Records from `parse_row(row, problems)` for every row, or ImportProblems listing every problem.

    A repeated key is reported at its second line, whether or not the first row was valid.
    """
    records, problems = parse_rows(path, required_columns, parse_row, unique)
    if problems:
        raise ImportProblems(problems)
    return records


def parse_rows(path, required_columns, parse_row, unique):
    """(records of the valid rows, problems of the others): for importers that check the valid rows further and
    report everything in one run. A file that cannot be read at all raises ImportProblems."""
    try:
        rows = read_table(path, required_columns)
    except TableError as exc:
        raise ImportProblems(exc.problems) from exc
    records, problems, seen = [], [], {}
    for row in rows:
        row_problems = []
        record = parse_row(row, row_problems)
        key = unique.of(row)
        if key and key in seen:
            message = f"{unique.label} {key} 重复（第 {seen[key]} 行已有）"
            row_problems.append(RowProblem(row.line, unique.column, message))
        elif key:
            seen[key] = row.line
        if row_problems:
            problems += row_problems
        else:
            records.append(record)
    return records, problems


def length_problems(row, limits):
    """A problem for each cell longer than its model field holds: `limits` is [(column, label, model, field)].

    PostgreSQL refuses an over-long value in the middle of the import (SQLite stores it silently), so every
    length is checked here, against the field itself so the two cannot drift.
    """
    problems = []
    for column, label, model, field in limits:
        limit = model._meta.get_field(field).max_length
        if len(row[column]) > limit:
            problems.append(
                RowProblem(row.line, column, f"{label}超过 {limit} 个字（实际 {len(row[column])} 个）")
            )
    return problems


def split_list(value, separators):
    """Split a cell on any of the separators, dropping blanks: '车工；铣工' → ['车工', '铣工']."""
    parts = [value]
    for separator in separators:
        parts = [piece for part in parts for piece in part.split(separator)]
    return [part.strip() for part in parts if part.strip()]


def fail_with(problems):
    """Turn collected problems into a CommandError listing every one of them."""
    listing = "\n".join(f"  {p}" for p in problems)
    raise CommandError(f"发现 {len(problems)} 个问题，未写入任何数据：\n{listing}")
