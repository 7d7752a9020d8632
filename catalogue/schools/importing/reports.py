"""专业年报 from a province's consolidated file: one report per school and year, one line per program and level.

The file is the whole report of each school in it: lines the file leaves out are removed, the report is left
submitted (or approved, when the importer approves), and a report the province has already approved may only be
re-imported unchanged; to correct one it is first returned (退回).
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.log_actions import log

from catalogue.models import Program
from catalogue.tabular import ImportProblems, RowProblem, UniqueKey, parse_rows

from ..credit_code import normalise_credit_code
from ..models import AnnualReport, ReportLine, year_validators
from ..provinces import Province
from .common import (
    CREDIT_CODE,
    LEVELS_BY_LABEL,
    ImportCounts,
    known_program_codes,
    parse_count,
    parse_rate,
    schools_by_code,
    store,
    unknown_program_message,
    unknown_school,
    write_all,
)

COLUMNS = [CREDIT_CODE, "学校名称", "专业代码", "层级", "招生人数", "在校生人数", "毕业生人数", "就业率（%）"]
FIELD_COLUMNS = {
    "program": "专业代码",
    "level": "层级",
    "enrolment": "招生人数",
    "students": "在校生人数",
    "graduates": "毕业生人数",
    "employment_rate": "就业率（%）",
}


@dataclass
class LineRecord:
    line: int
    credit_code: str
    school_name: str
    program_code: str
    level: str
    values: dict


@dataclass
class ReportImportResult:
    reports: ImportCounts
    lines: ImportCounts

    def __str__(self):
        return f"年报：{self.reports}；专业数据：{self.lines}"


@dataclass
class _Import:
    year: int
    provinces: set | None
    approve: bool
    user: object
    source: str
    reports: ImportCounts = field(default_factory=ImportCounts)


def import_school_reports(path, year, provinces=None, approve=False, user=None):
    """Load a province's annual report file for `year`; all or nothing. ReportImportResult.

    `provinces`: the province codes whose schools the file may contain (None: any). `approve`: leave the reports
    approved by `user` (None from the command line) instead of submitted.
    """
    _check_year(year)
    known_codes = known_program_codes()
    records, problems = parse_rows(
        path,
        COLUMNS,
        lambda row, problems: _parse_row(row, known_codes, problems),
        UniqueKey(CREDIT_CODE, "学校、专业和层级", _key),
    )
    run = _Import(year, set(provinces) if provinces is not None else None, approve, user, _digest(path))
    groups = {}
    for record in records:
        groups.setdefault(record.credit_code, []).append(record)
    schools = schools_by_code(set(groups))
    lines = write_all(groups.items(), problems, lambda g, c, p: _save_school(run, schools, *g, c, p))
    return ReportImportResult(run.reports, lines)


def _check_year(year):
    try:
        for validator in year_validators():
            validator(year)
    except ValidationError as exc:
        raise ImportProblems([RowProblem(None, None, f"年度 {year}：{m}") for m in exc.messages]) from exc


def _digest(path):
    return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _key(row):
    code = normalise_credit_code(row[CREDIT_CODE])
    if not (code and row["专业代码"] and row["层级"]):
        return None
    return f"{code}/{row['专业代码']}/{row['层级']}"


def _parse_row(row, known_codes, problems):
    def problem(column, message):
        problems.append(RowProblem(row.line, column, message))

    if row["专业代码"] not in known_codes:
        problem("专业代码", unknown_program_message(row["专业代码"]))

    level = LEVELS_BY_LABEL.get(row["层级"])
    if level is None:
        problem("层级", f"层级“{row['层级']}”无效，应为 {'、'.join(LEVELS_BY_LABEL)} 之一（每行一个层级）")
    values = {
        "enrolment": parse_count(row, "招生人数", problem),
        "students": parse_count(row, "在校生人数", problem),
        "graduates": parse_count(row, "毕业生人数", problem),
        "employment_rate": parse_rate(row, "就业率（%）", problem),
    }
    code = normalise_credit_code(row[CREDIT_CODE])
    return LineRecord(row.line, code, row["学校名称"], row["专业代码"], level, values)


def _save_school(run, schools, credit_code, records, counts, problems):
    """Check one school's rows and write its report, counting lines in `counts` and the report in run.reports."""
    school = schools.get(credit_code)
    found = [problem for record in records if (problem := _school_problem(run, school, record))]
    problems += found
    if len(found) == len(records):
        return
    bad_lines = {problem.line for problem in found}
    records = [record for record in records if record.line not in bad_lines]
    # Locked like services' steps, so a province approving the report meanwhile waits for the import, or wins.
    report = AnnualReport.objects.select_for_update().filter(school=school, year=run.year).first()
    if report is None:
        report = AnnualReport.objects.create(
            school=school, year=run.year, status=AnnualReport.Status.SUBMITTED
        )
        report.is_new = True
    lines = ImportCounts()
    if not _save_lines(report, records, lines, problems) or found:
        return
    counts.add(lines)
    if report.status == AnnualReport.Status.APPROVED and lines.changed:
        problems.append(
            RowProblem(
                records[0].line,
                CREDIT_CODE,
                f"{school.name} {run.year} 年的专业年报已审核，文件中的数据与已审核的不同；"
                "如需更正，请先退回该年报，再重新导入",
            )
        )
        return
    _settle(run, report, lines.changed)


def _school_problem(run, school, record):
    if school is None:
        return unknown_school(record.line, record.credit_code)
    if record.school_name != school.name:
        return RowProblem(
            record.line,
            "学校名称",
            f"学校名称“{record.school_name}”与统一社会信用代码 {school.credit_code} 登记的“{school.name}”不符",
        )
    if run.provinces is not None and school.province not in run.provinces:
        allowed = "、".join(Province(code).label for code in sorted(run.provinces)) or "无"
        return RowProblem(
            record.line,
            CREDIT_CODE,
            f"{school.name}属于{school.get_province_display()}，不在本次可导入的省份（{allowed}）内",
        )
    return None


def _save_lines(report, records, counts, problems):
    existing = {(line.program.code, line.level): line for line in report.lines.select_related("program")}
    programs = {p.code: p for p in Program.objects.filter(code__in={r.program_code for r in records})}
    ok = True
    for record in records:
        program = programs[record.program_code]  # known when the row was parsed; programs are never deleted
        line = existing.pop((program.code, record.level), None) or ReportLine(
            report=report, program=program, level=record.level
        )
        ok &= store(line, record.values, record.line, FIELD_COLUMNS, counts, problems)
    if ok and existing:
        ReportLine.objects.filter(pk__in=[line.pk for line in existing.values()]).delete()
        counts.deleted += len(existing)
    return ok


def _settle(run, report, figures_changed):
    """Leave the report submitted (or approved), touching it only when its figures or its status change."""
    now = timezone.now()
    wanted = AnnualReport.Status.APPROVED if run.approve else AnnualReport.Status.SUBMITTED
    if report.status == AnnualReport.Status.APPROVED and not figures_changed:
        wanted = AnnualReport.Status.APPROVED  # importing an approved report again does not take it back
    is_new = getattr(report, "is_new", False)
    if not (is_new or figures_changed or report.status != wanted):
        run.reports.unchanged += 1
        return
    actions = []
    if is_new or figures_changed or report.status != AnnualReport.Status.SUBMITTED:
        report.submitted_at, report.submitted_by = now, run.user
        report.source = run.source
        report.return_reason = ""
        actions.append("schools.report.submit")
    if wanted == AnnualReport.Status.APPROVED and report.status != wanted:
        report.decided_at, report.decided_by = now, run.user
        actions.append("schools.report.approve")
    report.status = wanted
    report.save()
    for action in actions:  # the report's history says it came from a file, as the admin's own steps do
        log(report, action, user=run.user, data={"source": run.source})
    if is_new:
        run.reports.created += 1
    else:
        run.reports.updated += 1
