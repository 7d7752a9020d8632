"""学校名录: schools by credit code, created or updated (统一社会信用代码, 学校名称, 省份, 学校类型)."""

from dataclasses import dataclass

from catalogue.tabular import RowProblem, UniqueKey, parse_rows

from ..credit_code import normalise_credit_code
from ..models import School
from ..provinces import province_by_name_or_code
from .common import CREDIT_CODE, field_problems, store, write_all

COLUMNS = [CREDIT_CODE, "学校名称", "省份", "学校类型"]
KINDS_BY_LABEL = {kind.label: kind for kind in School.Kind}
FIELD_COLUMNS = {"credit_code": CREDIT_CODE, "name": "学校名称", "province": "省份", "kind": "学校类型"}


@dataclass
class SchoolRecord:
    line: int
    credit_code: str
    values: dict


def import_schools(path):
    """Create or update the schools of the file, matched by credit code; all or nothing. ImportCounts."""
    records, problems = parse_rows(
        path,
        COLUMNS,
        _parse_row,
        UniqueKey(CREDIT_CODE, "统一社会信用代码", value=lambda row: normalise_credit_code(row[CREDIT_CODE])),
    )
    return write_all(records, problems, _save)


def _parse_row(row, problems):
    def problem(column, message):
        problems.append(RowProblem(row.line, column, message))

    province = province_by_name_or_code(row["省份"])
    if province is None:
        problem("省份", f"省份“{row['省份']}”无效，应为省份名称（如 广东省）或 2 位行政区划代码（如 44）")
    kind = KINDS_BY_LABEL.get(row["学校类型"])
    if kind is None:
        problem("学校类型", f"学校类型“{row['学校类型']}”无效，应为 {'、'.join(KINDS_BY_LABEL)}")
    field_problems(School, row, {"credit_code": CREDIT_CODE, "name": "学校名称"}, problem)
    code = normalise_credit_code(row[CREDIT_CODE])
    values = {"credit_code": code, "name": row["学校名称"], "province": province, "kind": kind}
    return SchoolRecord(row.line, code, values)


def _save(record, counts, problems):
    school = School.objects.filter(credit_code=record.credit_code).first() if record.credit_code else None
    store(school or School(), record.values, record.line, FIELD_COLUMNS, counts, problems)
