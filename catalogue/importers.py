"""Importing the baseline catalogue and adjustment batches from the files committees exchange.

Each importer parses every row first and collects every problem; only a file with none is written, in one
transaction and one reversion revision, so a bad file never leaves half a catalogue.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

import reversion
from reversion.models import Version

from .adjustments import Proposal, RegisterState, approve
from .models import Adjustment, AdjustmentTarget, Category, Edition, EnrolmentRecord, Level, Program, Sector
from .tabular import (
    ImportProblems,
    RowProblem,
    UniqueKey,
    length_problems,
    parse_rows,
    parse_table,
    split_list,
)
from .versioning import programs_as_of

PROGRAM_COLUMNS = ["code", "name", "category_code", "levels"]
CATEGORY_COLUMNS = ["code", "name"]
ADJUSTMENT_COLUMNS = ["id", "type", "old_codes", "new", "effective", "rationale"]
LEVELS_BY_LABEL = {level.label: level for level in Level}
SECTORS_BY_LABEL = {sector.label: sector for sector in Sector}
STATUS_BY_LABEL = {
    "现行": Program.Status.IN_FORCE,
    "已撤销": Program.Status.RETIRED,
    "撤销": Program.Status.RETIRED,
}
KINDS_BY_LABEL = {kind.label: kind for kind in Adjustment.Kind}


# --- categories and programs --------------------------------------------------------------------------------


def read_categories(path):
    """Category code → name from a categories file, checked for shape and duplicates."""
    return dict(parse_table(path, CATEGORY_COLUMNS, _parse_category_row, UniqueKey("code", "大类代码")))


def _parse_category_row(row, problems):
    code, name = row["code"], row["name"]
    if not re.fullmatch(r"\d{2}", code):
        problems.append(RowProblem(row.line, "code", f"大类代码“{code}”应为 2 位数字"))
    if not name:
        problems.append(RowProblem(row.line, "name", "大类名称不能为空"))
    return code, name


@dataclass
class ProgramRecord:
    line: int
    code: str
    name: str
    category_code: str
    levels: list
    sector: str
    status: str
    since: int | None
    occupations: list
    core_courses: list
    description: str
    employment_rate: Decimal | None
    enrolment: int | None

    def program_fields(self):
        return {
            "name": self.name,
            "sector": self.sector,
            "status": self.status,
            "since": self.since,
            "occupations": self.occupations,
            "core_courses": self.core_courses,
            "description": self.description,
            "employment_rate": self.employment_rate,
            "enrolment": self.enrolment,
        }


def parse_programs(path, categories):
    """ProgramRecords for every row, or ImportProblems naming every bad cell. `categories`: code → name."""
    return parse_table(
        path,
        PROGRAM_COLUMNS,
        lambda row, problems: _parse_program_row(row, categories, problems),
        UniqueKey("code", "专业代码"),
    )


def _parse_program_row(row, categories, problems):
    def problem(column, message):
        problems.append(RowProblem(row.line, column, message))

    code, category_code = row["code"], row["category_code"]
    if not re.fullmatch(r"\d{4}", code):
        problem("code", f"专业代码“{code}”应为 4 位数字")
    if category_code not in categories:
        problem("category_code", f"未知的专业大类代码“{category_code}”")
    elif row["category"] and row["category"] != categories[category_code]:
        problem(
            "category",
            f"大类名称“{row['category']}”与代码 {category_code}（{categories[category_code]}）不符",
        )
    elif re.fullmatch(r"\d{4}", code) and code[:2] != category_code:
        problem("code", f"专业代码 {code} 的前两位应为所属大类代码 {category_code}")
    if not row["name"]:
        problem("name", "专业名称不能为空")
    problems += length_problems(row, [("name", "专业名称", Program, "name")])
    levels = _parse_levels(row["levels"], problem)
    sector = _parse_choice(row["sector"], SECTORS_BY_LABEL, Sector.REGULAR, "sector", "产业类型", problem)
    status = _parse_choice(row["status"], STATUS_BY_LABEL, Program.Status.IN_FORCE, "status", "状态", problem)
    since = _parse_int(row["since"], "since", "设置年份", problem, low=1949, high=2100)
    rate = _parse_rate(row["employment_rate"], problem)
    enrolment = _parse_int(row["enrolment"], "enrolment", "招生人数", problem, low=0)
    if problems:
        return None
    return ProgramRecord(
        line=row.line,
        code=code,
        name=row["name"],
        category_code=category_code,
        levels=levels,
        sector=sector,
        status=status,
        since=since,
        occupations=split_list(row["occupations"], ["；", ";"]),
        core_courses=split_list(row["courses"], ["；", ";"]),
        description=row["description"],
        employment_rate=rate,
        enrolment=enrolment,
    )


def _parse_levels(value, problem):
    labels = split_list(value, ["|", "｜"])
    if not labels:
        problem("levels", "至少填写一个培养层次")
    unknown = [label for label in labels if label not in LEVELS_BY_LABEL]
    if unknown:
        allowed = "、".join(LEVELS_BY_LABEL)
        problem("levels", f"培养层次“{'、'.join(unknown)}”无效，应为 {allowed}")
        return []
    return [LEVELS_BY_LABEL[label] for label in labels]


def _parse_choice(value, by_label, default, column, what, problem):
    if not value:
        return default
    if value not in by_label:
        problem(column, f"{what}“{value}”无效，应为 {'、'.join(by_label)}")
        return default
    return by_label[value]


def _parse_int(value, column, what, problem, low=None, high=None):
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        problem(column, f"{what}“{value}”应为整数")
        return None
    if (low is not None and number < low) or (high is not None and number > high):
        problem(column, f"{what} {number} 超出合理范围")
        return None
    return number


def _parse_rate(value, problem):
    if not value:
        return None
    try:
        rate = Decimal(value.rstrip("%"))
    except InvalidOperation:
        rate = Decimal("NaN")
    if not rate.is_finite():  # "NaN" and "Infinity" parse as Decimals but cannot be compared or stored
        problem("employment_rate", f"就业率“{value}”应为 0–100 的数字")
        return None
    if not Decimal(0) <= rate <= Decimal(100):
        problem("employment_rate", f"就业率 {rate} 应在 0–100 之间")
        return None
    return rate.quantize(Decimal("0.1"))


@dataclass
class ProgramImportResult:
    edition: Edition
    created: int
    updated: int
    unchanged: int


def import_programs(path, edition_name, effective_date, categories_path=None, progress=None):
    """Load a baseline catalogue file into the named edition; re-running with the same file changes nothing."""
    categories = dict(Category.objects.values_list("code", "name"))
    file_categories = read_categories(categories_path) if categories_path else {}
    categories.update(file_categories)
    records = parse_programs(path, categories)
    stats_year = effective_date.year
    if _already_superseded(edition_name, effective_date, records):
        return ProgramImportResult(Edition.objects.get(name=edition_name), 0, 0, len(records))
    if problems := _adjustments_undone(records):
        raise ImportProblems(problems)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        with reversion.create_revision():
            for code, name in file_categories.items():
                Category.objects.update_or_create(code=code, defaults={"name": name})
            programs = [_save_program(r, stats_year, counts) for r in (progress or iter)(records)]
            edition, _ = Edition.objects.get_or_create(
                name=edition_name, defaults={"effective_date": effective_date}
            )
            reversion.set_comment(
                f"导入专业目录 {edition_name}（{len(records)} 个专业，来自 {Path(path).name}）"
            )
        if counts["created"] or counts["updated"] or edition.revision_id is None:
            edition.revision = _latest_revision(programs) or edition.revision
        edition.effective_date = effective_date
        edition.save()
        edition.programs.set([p for p in programs if p.status == Program.Status.IN_FORCE])
    return ProgramImportResult(edition, **counts)


def _already_superseded(edition_name, effective_date, records):
    """True when later editions exist and the file matches this edition as it was closed: nothing to do.

    A baseline may be reloaded freely until later editions are built on it; after that, only a file that
    matches the edition's snapshot is accepted (and changes nothing), anything else is refused.
    """
    later = Edition.objects.filter(effective_date__gt=effective_date).exclude(name=edition_name)
    if not later.exists():
        return False
    edition = Edition.objects.filter(name=edition_name).first()
    snapshot = programs_as_of(edition) if edition else {}
    in_force = [r for r in records if r.status == Program.Status.IN_FORCE]
    changed = [r for r in in_force if snapshot.get(r.code, {}).get("name") != r.name]
    changed += [r for r in records if r.code not in snapshot and r not in changed]
    if not changed and len(in_force) == len(snapshot):
        return True
    names = "、".join(e.name for e in later)
    raise ImportProblems(
        [
            RowProblem(
                r.line,
                "code",
                f"专业 {r.code} 与版本 {edition_name} 的记录不同，但目录已有更新的版本（{names}），不能改写基线",
            )
            for r in changed[:20]
        ]
        or [
            RowProblem(
                None,
                None,
                f"文件与版本 {edition_name} 的专业数量不同，但目录已有更新的版本（{names}），不能改写基线",
            )
        ]
    )


def _adjustments_undone(records):
    """What loading these records as a baseline would undo of the approved adjustments, as row problems.

    A baseline file knows nothing of later adjustments: loading it over a register they changed would bring
    retired programs back, revert renames and leave new programs out of the edition. The register changes
    through adjustments; a baseline may only agree with what they did.
    """
    approved = list(
        Adjustment.objects.in_effect().prefetch_related("old_programs", "targets").order_by("decided_at")
    )
    if not approved:
        return []
    by_code = {record.code: record for record in records}
    current = {p.code: p for p in Program.objects.all()}
    why = {}
    for adjustment in approved:
        for code in [*adjustment.old_codes, *(t.code for t in adjustment.targets.all())]:
            why[code] = adjustment
    tail = "导入基线目录不能撤回已批准的动态调整；请修正文件，或通过动态调整变更目录。"
    problems = []
    for code, adjustment in sorted(why.items()):
        program, record = current.get(code), by_code.get(code)
        by = f"动态调整 {adjustment.reference}（{adjustment.get_kind_display()}）"
        if program is None:
            continue
        if record is None:
            if program.status == Program.Status.IN_FORCE:
                problems.append(
                    RowProblem(None, "code", f"专业 {code}（{program.name}）由{by}设置，文件中缺少它；{tail}")
                )
            continue
        if program.status == Program.Status.RETIRED and record.status == Program.Status.IN_FORCE:
            problems.append(
                RowProblem(
                    record.line,
                    "status",
                    f"专业 {code}（{program.name}）已由{by}撤销，文件中仍为现行；{tail}",
                )
            )
        elif program.name != record.name:
            problems.append(
                RowProblem(
                    record.line,
                    "name",
                    f"专业 {code} 现名“{program.name}”（{by}），文件中为“{record.name}”；{tail}",
                )
            )
    return problems


def _differs(program, record):
    if program.category.code != record.category_code or set(program.levels) != set(record.levels):
        return True
    return any(getattr(program, field) != value for field, value in record.program_fields().items())


def _save_program(record, stats_year, counts):
    program = Program.objects.filter(code=record.code).select_related("category").first()
    if program is not None and not _differs(program, record):
        counts["unchanged"] += 1
        return program
    counts["created" if program is None else "updated"] += 1
    program = program or Program(code=record.code)
    for field, value in record.program_fields().items():
        setattr(program, field, value)
    program.category = Category.objects.get(code=record.category_code)
    program.set_levels(record.levels)
    program.employment_rate_year = stats_year if record.employment_rate is not None else None
    program.enrolment_year = stats_year if record.enrolment is not None else None
    program.save()
    if record.enrolment is not None:
        EnrolmentRecord.objects.update_or_create(
            program=program,
            year=stats_year,
            defaults={"enrolment": record.enrolment, "employment_rate": record.employment_rate},
        )
    return program


def _latest_revision(objects):
    versions = [Version.objects.get_for_object(o).first() for o in objects]
    revisions = [v.revision for v in versions if v is not None]
    return max(revisions, key=lambda r: r.pk) if revisions else None


# --- adjustment batches -------------------------------------------------------------------------------------


def parse_adjustments(path):
    """((line, Proposal) for every valid row, problems of the malformed ones)."""
    return parse_rows(
        path,
        ADJUSTMENT_COLUMNS,
        lambda row, problems: (row.line, _parse_adjustment_row(row, problems)),
        UniqueKey("id", "调整编号"),
    )


def _parse_adjustment_row(row, problems):
    def problem(column, message):
        problems.append(RowProblem(row.line, column, message))

    if not row["id"]:
        problem("id", "调整编号不能为空")
    problems += length_problems(row, [("id", "调整编号", Adjustment, "reference")])
    kind = KINDS_BY_LABEL.get(row["type"])
    if kind is None:
        problem("type", f"调整类型“{row['type']}”无效，应为 {'、'.join(KINDS_BY_LABEL)}")
    old_codes = split_list(row["old_codes"], ["|", "｜"])
    for code in old_codes:
        if not re.fullmatch(r"\d{4}", code):
            problem("old_codes", f"原专业代码“{code}”应为 4 位数字")
    new_entries = []
    for item in split_list(row["new"], ["|", "｜"]):
        code, sep, name = item.replace("：", ":").partition(":")
        if not sep:
            problem("new", f"新专业“{item}”应写成 代码:名称")
        elif len(name.strip()) > AdjustmentTarget._meta.get_field("name").max_length:
            problem(
                "new",
                f"新专业名称“{name.strip()[:20]}…”超过 {AdjustmentTarget._meta.get_field('name').max_length} 个字",
            )
        else:
            new_entries.append((code.strip(), name.strip()))
    effective = _parse_date(row["effective"], problem)
    if problems:
        return None
    return Proposal(
        reference=row["id"],
        kind=kind,
        old_codes=old_codes,
        new_entries=new_entries,
        effective_date=effective,
        rationale=row["rationale"],
        evidence=row["evidence"],
    )


def _parse_date(value, problem):
    try:
        return date.fromisoformat(value)
    except ValueError:
        problem("effective", f"生效日期“{value}”应为 YYYY-MM-DD 格式的日期")
        return None


@dataclass
class AdjustmentImportResult:
    recorded: int
    skipped: int
    edition: Edition | None


def import_adjustments(path, edition_name, apply=False, user=None, progress=None):
    """Record a batch of proposals (as submitted) and, with `apply`, approve and apply them as one revision.

    Rows already recorded with the same content are skipped, so re-running a batch is harmless; a row whose
    reference exists with different content is an error.
    """
    parsed, problems = parse_adjustments(path)
    fresh, skipped = [], 0
    for line, proposal in parsed:
        existing = Adjustment.objects.filter(reference=proposal.reference).first()
        if existing is None:
            fresh.append((line, proposal))
        elif _same_proposal(existing, proposal):
            skipped += 1
        else:
            problems.append(RowProblem(line, "id", f"调整编号 {proposal.reference} 已存在且内容不同"))
    # The rules run on the valid rows even when others are malformed: one run reports every problem.
    problems += _batch_problems(fresh)
    if problems:
        raise ImportProblems(sorted(problems, key=lambda p: p.line or 0))
    with transaction.atomic():
        adjustments = [_record(proposal, user) for _, proposal in (progress or iter)(fresh)]
        edition = None
        pending = list(
            Adjustment.objects.filter(reference__in=[p.reference for _, p in parsed])
            .exclude(status=Adjustment.Status.APPROVED)
            .order_by("reference")
        )
        if apply and pending:
            edition = approve(
                pending,
                user=user,
                edition_name=edition_name,
                comment=f"导入并批准动态调整批次 {Path(path).name}",
            )
        elif apply:
            edition = Edition.objects.filter(name=edition_name).first()
    return AdjustmentImportResult(recorded=len(adjustments), skipped=skipped, edition=edition)


def _batch_problems(lines_and_proposals):
    state = RegisterState.from_database()
    problems = []
    for line, proposal in lines_and_proposals:
        found = state.check(proposal)
        problems += [RowProblem(line, p.column, p.message) for p in found]
        if not found:
            state.apply(proposal)
    return problems


def _same_proposal(adjustment, proposal):
    return (
        adjustment.kind == proposal.kind
        and adjustment.old_codes == sorted(proposal.old_codes)
        and adjustment.new_entries == proposal.new_entries
        and adjustment.effective_date == proposal.effective_date
    )


def _record(proposal, user):
    adjustment = Adjustment.objects.create(
        reference=proposal.reference,
        kind=proposal.kind,
        effective_date=proposal.effective_date,
        rationale=proposal.rationale,
        evidence=proposal.evidence,
        status=Adjustment.Status.SUBMITTED,
        proposed_by=user,
    )
    adjustment.old_programs.set(Program.objects.filter(code__in=proposal.old_codes))
    adjustment.save()
    for order, (code, name) in enumerate(proposal.new_entries):
        AdjustmentTarget.objects.create(adjustment=adjustment, sort_order=order, code=code, name=name)
    return adjustment
