"""Schools, the programs they offer, their annual reports (专业设置备案与年报) and their textbook adoption (教材选用).

The rules a user can break by typing live in `clean()` (so every form and importer shows the same Chinese
message); the state changes that touch several rows (submitting and approving a report) live in `services.py`.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from catalogue.models import LEVEL_FIELDS, Level
from catalogue.textbooks.models import Textbook
from cms.text import validate_no_control_characters

from .credit_code import normalise_credit_code, validate_credit_code
from .provinces import Province

FIRST_YEAR = 1990


def year_validators():
    return [MinValueValidator(FIRST_YEAR, f"年份不能早于 {FIRST_YEAR} 年。"), MaxValueValidator(2100)]


class School(models.Model):
    class Kind(models.TextChoices):
        TECHNICIAN_COLLEGE = "technician_college", "技师学院"
        SENIOR = "senior", "高级技工学校"
        SCHOOL = "school", "技工学校"

    name = models.CharField(
        "学校名称", max_length=100, unique=True, validators=[validate_no_control_characters]
    )
    province = models.CharField("所在省份", max_length=2, choices=Province.choices)
    kind = models.CharField("学校类型", max_length=20, choices=Kind.choices)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code]
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="学校用户", blank=True, related_name="schools"
    )

    #: The levels each kind of school trains at (domain notes: 技工学校 中级工; 高级技工学校 中级工 and 高级工;
    #: 技师学院 up to 预备技师（技师）, most also running 中级工 and 高级工 classes).
    LEVELS_BY_KIND = {
        Kind.TECHNICIAN_COLLEGE: {Level.INTERMEDIATE, Level.ADVANCED, Level.TECHNICIAN},
        Kind.SENIOR: {Level.INTERMEDIATE, Level.ADVANCED},
        Kind.SCHOOL: {Level.INTERMEDIATE},
    }

    class Meta:
        verbose_name = "技工院校"
        verbose_name_plural = "技工院校"
        ordering = ["province", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        self.credit_code = normalise_credit_code(self.credit_code)
        if self.pk and self.kind in self.Kind.values:
            allowed = self.LEVELS_BY_KIND[self.Kind(self.kind)]
            beyond = sorted(
                {
                    f"{offering.program.code} {level.label}"
                    for offering in self.offerings.filter(withdrawn_year__isnull=True).select_related(
                        "program"
                    )
                    for level in offering.levels()
                    if level not in allowed
                }
            )
            if beyond:
                raise ValidationError(
                    {
                        "kind": f"{self.get_kind_display()}不能开设本校已备案的{'、'.join(beyond)}，"
                        "请先调整或停办这些专业设置。"
                    }
                )


class ProvincialDepartment(models.Model):
    """省级人力资源社会保障部门: its staff see and approve the reports of the province's schools."""

    province = models.CharField("省份", max_length=2, choices=Province.choices, unique=True)
    name = models.CharField("部门名称", max_length=100, validators=[validate_no_control_characters])
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="部门用户", blank=True, related_name="provincial_departments"
    )

    class Meta:
        verbose_name = "省级人社部门"
        verbose_name_plural = "省级人社部门"
        ordering = ["province"]

    def __str__(self):
        return self.name


class Offering(models.Model):
    """专业设置备案: a school runs a program at some levels, registered against the edition then in force."""

    school = models.ForeignKey(
        School, verbose_name="学校", on_delete=models.CASCADE, related_name="offerings"
    )
    program = models.ForeignKey(
        "catalogue.Program", verbose_name="专业", on_delete=models.PROTECT, related_name="offerings"
    )
    offers_intermediate = models.BooleanField("中级技能", default=False)
    offers_advanced = models.BooleanField("高级技能", default=False)
    offers_technician = models.BooleanField("预备技师（技师）", default=False)
    since_year = models.PositiveSmallIntegerField("开设年份", validators=year_validators())
    edition = models.ForeignKey(
        "catalogue.Edition",
        verbose_name="备案时的目录版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_year = models.PositiveSmallIntegerField(
        "停办年份", null=True, blank=True, validators=year_validators()
    )
    registered_at = models.DateTimeField("备案时间", auto_now_add=True)

    class Meta:
        verbose_name = "专业设置备案"
        verbose_name_plural = "专业设置备案"
        ordering = ["school", "program__code"]
        constraints = [models.UniqueConstraint(fields=["school", "program"], name="unique_school_program")]

    def __str__(self):
        return f"{self.school} {self.program.code} {self.program.name}"

    @property
    def is_active(self):
        return self.withdrawn_year is None

    def levels(self):
        return [level for level, field in LEVEL_FIELDS.items() if getattr(self, field)]

    def offers(self, level):
        return bool(getattr(self, LEVEL_FIELDS[Level(level)]))

    def clean(self):
        errors = {}
        if not self.levels():
            errors["offers_intermediate"] = "请至少选择一个培养层级。"
        program = self.program if self.program_id else None
        if program is not None:
            missing = [level.label for level in self.levels() if not program.offers(level)]
            if missing:
                errors["offers_intermediate"] = (
                    f"专业 {program.code} {program.name} 在目录中没有{'、'.join(missing)}层级。"
                )
            if self.school_id:
                allowed = School.LEVELS_BY_KIND[School.Kind(self.school.kind)]
                beyond = [level.label for level in self.levels() if level not in allowed]
                if beyond:
                    errors.setdefault(
                        "offers_intermediate",
                        f"{self.school.get_kind_display()}不能开设{'、'.join(beyond)}层级。",
                    )
            if self._state.adding and program.status != program.Status.IN_FORCE:
                errors["program"] = retired_program_message(program)
        if self.withdrawn_year and self.since_year and self.withdrawn_year < self.since_year:
            errors["withdrawn_year"] = "停办年份不能早于开设年份。"
        if errors:
            raise ValidationError(errors)


def retired_program_message(program):
    """Why a program cannot be registered, naming its successors (the codes to register instead)."""
    successors = list(program.successors())
    if successors:
        names = "、".join(f"{s.code} {s.name}" for s in successors)
        return f"专业 {program.code} {program.name} 已退出现行目录，请按接续专业 {names} 备案。"
    return f"专业 {program.code} {program.name} 已退出现行目录，且没有接续专业，不能备案。"


class AnnualReport(ClusterableModel):
    """专业年报: one school's figures for one year, per program and level; the province approves it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "填报中"
        SUBMITTED = "submitted", "待省级审核"
        APPROVED = "approved", "已审核"
        RETURNED = "returned", "已退回"

    school = models.ForeignKey(School, verbose_name="学校", on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField("年度", validators=year_validators())
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField("退回理由", blank=True)
    source = models.CharField("来源", max_length=200, blank=True, help_text="导入时为文件的 SHA-256 摘要。")

    class Meta:
        verbose_name = "专业年报"
        verbose_name_plural = "专业年报"
        ordering = ["-year", "school"]
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="unique_school_report_year")]
        permissions = [("approve_annualreport", "可以审核专业年报")]

    def __str__(self):
        return f"{self.school} {self.year} 年专业年报"

    @property
    def editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ReportLine(models.Model):
    """One program at one level in a school's annual report."""

    report = ParentalKey(AnnualReport, verbose_name="年报", on_delete=models.CASCADE, related_name="lines")
    program = models.ForeignKey(
        "catalogue.Program", verbose_name="专业", on_delete=models.PROTECT, related_name="report_lines"
    )
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    enrolment = models.PositiveIntegerField("招生人数")
    students = models.PositiveIntegerField("在校生人数")
    graduates = models.PositiveIntegerField("毕业生人数")
    employment_rate = models.DecimalField(
        "就业率（%）",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, "就业率不能小于 0。"),
            MaxValueValidator(100, "就业率不能大于 100。"),
        ],
    )

    class Meta:
        verbose_name = "年报数据"
        verbose_name_plural = "年报数据"
        ordering = ["report", "program__code", "level"]
        constraints = [
            models.UniqueConstraint(fields=["report", "program", "level"], name="unique_report_program_level")
        ]

    def __str__(self):
        return f"{self.report} {self.program.code} {self.get_level_display()}"

    def clean(self):
        errors = {}
        if self.graduates and self.employment_rate is None:
            errors["employment_rate"] = "有毕业生时必须填写就业率。"
        if not self.graduates and self.employment_rate is not None:
            errors["employment_rate"] = "没有毕业生时不填就业率。"
        if self.report_id and self.program_id and self.level:
            offering = Offering.objects.filter(
                school_id=self.report.school_id, program_id=self.program_id
            ).first()
            if offering is None:
                errors["program"] = (
                    f"该校没有备案专业 {self.program.code} {self.program.name}，请先办理专业设置备案。"
                )
            elif not offering.offers(self.level):
                errors["level"] = f"该校备案的专业 {self.program.code} 不含{Level(self.level).label}层级。"
        if errors:
            raise ValidationError(errors)


TERM_PATTERN = re.compile(r"^(\d{4})-(\d{4})-([12])$")


def validate_term(value):
    match = TERM_PATTERN.match(value or "")
    if not match or int(match[2]) != int(match[1]) + 1:
        raise ValidationError(
            f"学期“{value}”的格式不对，应写作“2025-2026-1”（学年起止年份和第几学期，1 或 2）。", code="term"
        )


def term_label(value):
    match = TERM_PATTERN.match(value or "")
    if not match:
        return value
    return f"{match[1]}—{match[2]} 学年第{'一' if match[3] == '1' else '二'}学期"


class Adoption(models.Model):
    """教材选用: a school uses a book for a program course in a term, for so many students.

    The book is a title in the system (`textbook`) or one that is not (`other_title` and its ISBN). A book that
    is not on the planned list for the course, chosen where the course has listed titles, needs a reason: the
    province sees it.
    """

    school = models.ForeignKey(
        School, verbose_name="学校", on_delete=models.CASCADE, related_name="adoptions"
    )
    term = models.CharField("学期", max_length=11, validators=[validate_term], help_text="如 2025-2026-1。")
    course = models.ForeignKey(
        "standards.ProgramCourse", verbose_name="专业课程", on_delete=models.PROTECT, related_name="adoptions"
    )
    textbook = models.ForeignKey(
        "textbooks.Textbook",
        verbose_name="教材",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    other_title = models.CharField(
        "其他教材书名",
        max_length=200,
        blank=True,
        validators=[validate_no_control_characters],
        help_text="所用教材不在本系统中时填写。",
    )
    other_isbn = models.CharField("其他教材 ISBN", max_length=20, blank=True)
    students = models.PositiveIntegerField(
        "使用学生数", validators=[MinValueValidator(1, "使用学生数至少为 1。")]
    )
    reason = models.TextField("选用非规划教材的理由", blank=True)
    recorded_at = models.DateTimeField("填报时间", auto_now=True)

    class Meta:
        verbose_name = "教材选用"
        verbose_name_plural = "教材选用"
        ordering = ["-term", "school", "course__program__code", "course__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "term", "course", "textbook"],
                condition=models.Q(textbook__isnull=False),
                name="unique_adoption_of_textbook",
            ),
            models.UniqueConstraint(
                fields=["school", "term", "course", "other_title"],
                condition=models.Q(textbook__isnull=True),
                name="unique_adoption_of_other_book",
            ),
        ]

    def __str__(self):
        return f"{self.school} {self.term} {self.book_title}"

    @property
    def book_title(self):
        return self.textbook.title if self.textbook_id else self.other_title

    @property
    def term_label(self):
        return term_label(self.term)

    @property
    def is_planned(self):
        """On the planned list for this course: a listed title linked to the course."""
        if not self.textbook_id or not self.course_id:
            return False
        return Textbook.objects.listed().filter(pk=self.textbook_id, courses=self.course_id).exists()

    def course_has_listed_titles(self):
        return Textbook.objects.listed().filter(courses=self.course_id).exists()

    def clean(self):
        errors = {}
        if bool(self.textbook_id) == bool(self.other_title.strip()):
            errors["textbook"] = "请选择系统中的教材，或填写其他教材的书名（二者选一）。"
        if self.school_id and self.course_id:
            offering = Offering.objects.filter(
                school_id=self.school_id, program_id=self.course.program_id, withdrawn_year__isnull=True
            ).exists()
            if not offering:
                program = self.course.program
                errors["course"] = f"该校没有开设专业 {program.code} {program.name}，不能为其课程选用教材。"
        if "textbook" not in errors and self.course_id and not self.reason.strip():
            if not self.is_planned and self.course_has_listed_titles():
                errors["reason"] = "该课程已有规划教材，选用非规划教材须填写理由（省级部门可见）。"
        if errors:
            raise ValidationError(errors)
