"""What the schools importers share: counting outcomes, reading numbers, model validation as row problems, and
the one transaction every importer writes in.

Each importer parses every row (`catalogue.tabular.parse_rows`), then checks the valid rows against the database
and the models' `full_clean()` inside one transaction, saving as it goes so that later rows see earlier ones. Any
problem at all raises `ImportProblems` at the end, which rolls the transaction back: a bad file writes nothing.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from catalogue.models import Level, Program
from catalogue.tabular import ImportProblems, RowProblem

from ..models import School

CREDIT_CODE = "统一社会信用代码"
LEVELS_BY_LABEL = {level.label: level for level in Level}


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __str__(self):
        text = f"新增 {self.created}，更新 {self.updated}，未变 {self.unchanged}"
        return f"{text}，删除 {self.deleted}" if self.deleted else text

    def add(self, other):
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.deleted += other.deleted

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)


def write_all(records, problems, save):
    """Run `save(record, counts, problems)` for every record in one transaction; roll back on any problem."""
    counts = ImportCounts()
    with transaction.atomic():
        for record in records:
            save(record, counts, problems)
        if problems:
            raise ImportProblems(sorted(problems, key=lambda p: p.line or 0))
    return counts


def store(instance, values, line, columns, counts, problems):
    """Set `values` on `instance`; validate and save it only if it is new or differs. False if it is invalid.

    An equal row is left alone (no save, so no changed timestamp) and counted as unchanged.
    """
    adding = instance._state.adding
    changed = False
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    if not adding and not changed:
        counts.unchanged += 1
        return True
    if not validate(instance, line, columns, problems):
        return False
    instance.save()
    if adding:
        counts.created += 1
    else:
        counts.updated += 1
    return True


def validate(instance, line, columns, problems):
    """`full_clean()` the instance, its messages (the forms' own) filed under the file's columns."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        problems += problems_from(exc, line, columns)
        return False
    return True


def problems_from(error, line, columns, default=None):
    """RowProblems for a ValidationError, each under the column of its model field (`columns`: field → column)."""
    if not hasattr(error, "error_dict"):
        return [RowProblem(line, default, message) for message in error.messages]
    return [
        RowProblem(line, columns.get(field, default), message)
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def unknown_program_message(code):
    return f"专业代码“{code}”不在专业目录中，请核对代码。"


def known_program_codes():
    return set(Program.objects.values_list("code", flat=True))


def field_problems(model, row, columns, problem):
    """Check cells against their model fields (`columns`: field → column) while parsing, with the forms' messages,
    so a row refused for another cell still has these reported in the same run."""
    for name, column in columns.items():
        try:
            model._meta.get_field(name).clean(row[column], None)
        except ValidationError as exc:
            for message in exc.messages:
                problem(column, message)


def parse_count(row, column, problem, required=True):
    """A whole number of people from a cell; None (and a problem) when it is not one."""
    value = row[column].replace(",", "").replace("，", "")
    if not value:
        if required:
            problem(column, f"{column}不能为空")
        return None
    try:
        number = int(value)
    except ValueError:
        problem(column, f"{column}“{row[column]}”应为整数")
        return None
    if number < 0:
        problem(column, f"{column}不能为负数")
        return None
    return number


def parse_rate(row, column, problem):
    """A percentage from a cell ('92.5' or '92.5%'); None when empty. Range and precision are the model's rules."""
    value = row[column].rstrip("%％").strip()
    if not value:
        return None
    try:
        rate = Decimal(value)
    except InvalidOperation:
        rate = Decimal("NaN")
    if not rate.is_finite():
        problem(column, f"{column}“{row[column]}”应为 0–100 的数字")
        return None
    return rate


def schools_by_code(codes):
    return {school.credit_code: school for school in School.objects.filter(credit_code__in=codes)}


def unknown_school(line, code):
    return RowProblem(line, CREDIT_CODE, f"统一社会信用代码 {code} 不在技工院校名录中，请先导入或登记该学校")
