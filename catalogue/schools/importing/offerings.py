"""专业设置备案: the programs each school runs, at which levels and since when, by credit code and program code.

A new offering follows `services.program_for_registration` (an unknown or retired code is refused, naming the
successor); an existing one may be updated even after its program was retired, as the form allows.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from catalogue.models import LEVEL_FIELDS
from catalogue.tabular import RowProblem, UniqueKey, parse_rows, split_list

from ..credit_code import normalise_credit_code
from ..models import Offering
from ..services import current_edition, program_for_registration
from .common import (
    CREDIT_CODE,
    LEVELS_BY_LABEL,
    known_program_codes,
    schools_by_code,
    store,
    unknown_program_message,
    unknown_school,
    write_all,
)

COLUMNS = [CREDIT_CODE, "专业代码", "层级", "开设年份"]
LEVEL_SEPARATORS = ["、", ";", "；"]
FIELD_COLUMNS = {
    "school": CREDIT_CODE,
    "program": "专业代码",
    "since_year": "开设年份",
    **dict.fromkeys(LEVEL_FIELDS.values(), "层级"),
}


@dataclass
class OfferingRecord:
    line: int
    credit_code: str
    program_code: str
    values: dict


def import_offerings(path):
    """Register or update the offerings of the file; all or nothing. ImportCounts."""
    known_codes = known_program_codes()
    records, problems = parse_rows(
        path,
        COLUMNS,
        lambda row, problems: _parse_row(row, known_codes, problems),
        UniqueKey(CREDIT_CODE, "学校和专业", value=_key),
    )
    schools = schools_by_code({r.credit_code for r in records})
    edition = current_edition()
    return write_all(records, problems, lambda r, c, p: _save(r, schools, edition, c, p))


def _key(row):
    code = normalise_credit_code(row[CREDIT_CODE])
    return f"{code}/{row['专业代码']}" if code and row["专业代码"] else None


def _parse_row(row, known_codes, problems):
    def problem(column, message):
        problems.append(RowProblem(row.line, column, message))

    if row["专业代码"] not in known_codes:
        problem("专业代码", unknown_program_message(row["专业代码"]))

    labels = split_list(row["层级"], LEVEL_SEPARATORS)
    unknown = [label for label in labels if label not in LEVELS_BY_LABEL]
    if not labels:
        problem("层级", "请至少填写一个层级")
    elif unknown:
        problem(
            "层级", f"层级“{'、'.join(unknown)}”无效，应为 {'、'.join(LEVELS_BY_LABEL)}（多个用“、”分隔）"
        )
    chosen = {LEVELS_BY_LABEL[label] for label in labels if label in LEVELS_BY_LABEL}
    values = {field: level in chosen for level, field in LEVEL_FIELDS.items()}
    year = row["开设年份"]
    if not re.fullmatch(r"\d{4}", year):
        problem("开设年份", f"开设年份“{year}”应为 4 位年份，如 2018")
    else:
        values["since_year"] = int(year)
    return OfferingRecord(row.line, normalise_credit_code(row[CREDIT_CODE]), row["专业代码"], values)


def _save(record, schools, edition, counts, problems):
    school = schools.get(record.credit_code)
    if school is None:
        problems.append(unknown_school(record.line, record.credit_code))
        return
    offering = Offering.objects.filter(school=school, program__code=record.program_code).first()
    if offering is None:
        try:
            program = program_for_registration(record.program_code)
        except ValidationError as exc:
            problems += [RowProblem(record.line, "专业代码", message) for message in exc.messages]
            return
        offering = Offering(school=school, program=program, edition=edition)
    store(offering, record.values, record.line, FIELD_COLUMNS, counts, problems)
