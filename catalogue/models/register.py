"""The program catalogue as a versioned register: categories, programs, editions, adjustments, successions.

Programs are never deleted. Every change goes through django-reversion (see `versioning.py`), and an edition
points at the revision that closed it, so the whole catalogue as of any edition can be rebuilt.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from cms.text import validate_no_control_characters

PROGRAM_CODE_VALIDATOR = RegexValidator(r"^\d{4}$", "专业代码应为 4 位数字（大类 2 位 + 序号 2 位）。")
CATEGORY_CODE_VALIDATOR = RegexValidator(r"^\d{2}$", "大类代码应为 2 位数字。")


class Level(models.TextChoices):
    INTERMEDIATE = "intermediate", "中级技能"
    ADVANCED = "advanced", "高级技能"
    TECHNICIAN = "technician", "预备技师（技师）"


LEVEL_FIELDS = {
    Level.INTERMEDIATE: "offers_intermediate",
    Level.ADVANCED: "offers_advanced",
    Level.TECHNICIAN: "offers_technician",
}


class Sector(models.TextChoices):
    EMERGING = "emerging", "新兴"
    SHORTAGE = "shortage", "紧缺"
    UPGRADED = "upgraded", "传统升级"
    REGULAR = "regular", "常规"


class Category(models.Model):
    """专业大类. Committee members are scoped to the categories they sit on."""

    code = models.CharField("大类代码", max_length=2, unique=True, validators=[CATEGORY_CODE_VALIDATOR])
    name = models.CharField(
        "大类名称", max_length=50, unique=True, validators=[validate_no_control_characters]
    )
    committee_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="教学指导委员会委员",
        blank=True,
        related_name="committee_categories",
    )

    class Meta:
        verbose_name = "专业大类"
        verbose_name_plural = "专业大类"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class ProgramQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(status=Program.Status.IN_FORCE)

    def offering(self, level):
        return self.filter(**{LEVEL_FIELDS[Level(level)]: True})

    def editable_by(self, user):
        """Programs a user may edit: all for administrators, their categories' for committee members."""
        from cms.users.roles import is_administrator

        if is_administrator(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(category__committee_members=user)


class Program(ClusterableModel):
    """专业. Identity is the code: renames and in-place upgrades keep it; merges and splits record successors."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", "现行"
        RETIRED = "retired", "已撤销"

    code = models.CharField(
        "专业代码", max_length=4, unique=True, validators=[PROGRAM_CODE_VALIDATOR], db_index=True
    )
    name = models.CharField("专业名称", max_length=100, validators=[validate_no_control_characters])
    category = models.ForeignKey(
        Category, verbose_name="专业大类", on_delete=models.PROTECT, related_name="programs"
    )
    offers_intermediate = models.BooleanField("中级技能", default=False)
    offers_advanced = models.BooleanField("高级技能", default=False)
    offers_technician = models.BooleanField("预备技师（技师）", default=False)
    sector = models.CharField("产业类型", max_length=20, choices=Sector.choices, default=Sector.REGULAR)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.IN_FORCE, db_index=True
    )
    since = models.PositiveSmallIntegerField("设置年份", null=True, blank=True)
    occupations = models.JSONField("对应职业（工种）", default=list, blank=True)
    core_courses = models.JSONField("核心一体化课程", default=list, blank=True)
    description = models.TextField("专业简介", blank=True)
    employment_rate = models.DecimalField(
        "就业率（%）",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    employment_rate_year = models.PositiveSmallIntegerField("就业率统计年份", null=True, blank=True)
    enrolment = models.PositiveIntegerField("招生人数", null=True, blank=True)
    enrolment_year = models.PositiveSmallIntegerField("招生统计年份", null=True, blank=True)
    retired_on = models.DateField("撤销日期", null=True, blank=True)
    retirement_reason = models.TextField("撤销原因", blank=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = "专业"
        verbose_name_plural = "专业"
        ordering = ["code"]
        permissions = [("revert_program", "Can revert a program to an earlier version")]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def get_absolute_url(self):
        return reverse("catalogue:program", args=[self.code])

    @property
    def levels(self):
        return [level for level, field in LEVEL_FIELDS.items() if getattr(self, field)]

    @property
    def level_labels(self):
        return [level.label for level in self.levels]

    def offers(self, level):
        return getattr(self, LEVEL_FIELDS[Level(level)])

    def set_levels(self, levels):
        chosen = {Level(level) for level in levels}
        for level, field in LEVEL_FIELDS.items():
            setattr(self, field, level in chosen)

    @property
    def is_retired(self):
        return self.status == self.Status.RETIRED

    def successors(self):
        return Program.objects.filter(predecessor_links__predecessor=self).order_by("code")

    def predecessors(self):
        return Program.objects.filter(successor_links__successor=self).order_by("code")


class EnrolmentRecord(models.Model):
    """Yearly enrolment and employment figures: falling enrolment is a retirement signal."""

    program = ParentalKey(Program, on_delete=models.CASCADE, related_name="enrolment_records")
    year = models.PositiveSmallIntegerField("年份")
    enrolment = models.PositiveIntegerField("招生人数")
    employment_rate = models.DecimalField(
        "就业率（%）",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = "年度招生就业数据"
        verbose_name_plural = "年度招生就业数据"
        ordering = ["program", "year"]
        constraints = [models.UniqueConstraint(fields=["program", "year"], name="unique_enrolment_year")]

    def __str__(self):
        return f"{self.program.code} {self.year}"


class EditionQuerySet(models.QuerySet):
    def published(self):
        """What the public site, the API and the statistics show: a draft edition is not yet in force."""
        return self.filter(status=Edition.Status.PUBLISHED)


class Edition(models.Model):
    """目录版本: the set of programs in force from a date, pinned to the revision that closed it.

    Adjustments approved in the admin wait in the one draft edition (待发布); the register changes only when an
    administrator publishes it, applying the whole batch at once. Imported baselines and batches are published
    as they are loaded, hence the default.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "待发布"
        PUBLISHED = "published", "已发布"

    name = models.CharField("版本名称", max_length=50, unique=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    effective_date = models.DateField("施行日期")
    programs = models.ManyToManyField(Program, verbose_name="现行专业", related_name="editions", blank=True)
    revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name="对应修订",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField("发布说明", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="editions_published",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = "目录版本"
        verbose_name_plural = "目录版本"
        ordering = ["effective_date", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:index") + f"?edition={self.name}"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT


class AdjustmentQuerySet(models.QuerySet):
    def in_effect(self):
        """Approved and not waiting in the draft edition: what has changed the register."""
        return self.filter(status=Adjustment.Status.APPROVED).exclude(edition__status=Edition.Status.DRAFT)

    def pending(self):
        """Approved, waiting in the draft edition to be published."""
        return self.filter(status=Adjustment.Status.APPROVED, edition__status=Edition.Status.DRAFT)


class Adjustment(ClusterableModel):
    """动态调整: one proposal (add, rename, upgrade, merge, split, retire), applied atomically on approval."""

    class Kind(models.TextChoices):
        ADD = "add", "新增"
        RENAME = "rename", "更名"
        UPGRADE = "upgrade", "升级改造"
        MERGE = "merge", "合并"
        SPLIT = "split", "拆分"
        RETIRE = "retire", "撤销"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已退回"

    reference = models.CharField("调整编号", max_length=30, unique=True)
    kind = models.CharField("调整类型", max_length=20, choices=Kind.choices)
    old_programs = ParentalManyToManyField(
        Program, verbose_name="原专业", blank=True, related_name="adjustments_from"
    )
    effective_date = models.DateField("生效日期")
    successors_equivalent = models.BooleanField(
        "新旧专业等效",
        default=False,
        help_text="勾选表示原专业的学生和课程可直接对应到承接专业（如升级改造只换代码）；合并、拆分通常不等效。",
    )
    rationale = models.TextField("调整理由")
    evidence = models.TextField("佐证材料", blank=True)
    evidence_employment_rate = models.DecimalField(
        "佐证：就业率（%）", max_digits=4, decimal_places=1, null=True, blank=True
    )
    evidence_enrolment = models.PositiveIntegerField("佐证：招生人数", null=True, blank=True)
    industry_demand = models.TextField("佐证：行业需求", blank=True)
    edition = models.ForeignKey(
        Edition,
        verbose_name="目标目录版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提出人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adjustments_proposed",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adjustments_decided",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = AdjustmentQuerySet.as_manager()

    class Meta:
        verbose_name = "动态调整"
        verbose_name_plural = "动态调整"
        ordering = ["reference"]
        permissions = [("approve_adjustment", "Can approve catalogue adjustments")]

    def __str__(self):
        return f"{self.reference} {self.get_kind_display()}"

    @property
    def old_codes(self):
        return sorted(p.code for p in self.old_programs.all())

    @property
    def new_entries(self):
        return [(t.code, t.name) for t in self.targets.all()]


class AdjustmentTarget(models.Model):
    """A program an adjustment results in: `code:name`. A code already in the catalogue keeps its identity.

    A program that an addition (新增) creates starts from the levels, occupations, sector and description given
    here, which its public page needs; the other kinds inherit them from the programs they replace.
    """

    adjustment = ParentalKey(Adjustment, on_delete=models.CASCADE, related_name="targets")
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)
    code = models.CharField("新专业代码", max_length=4, validators=[PROGRAM_CODE_VALIDATOR])
    name = models.CharField("新专业名称", max_length=100, validators=[validate_no_control_characters])
    offers_intermediate = models.BooleanField("中级技能", default=False)
    offers_advanced = models.BooleanField("高级技能", default=False)
    offers_technician = models.BooleanField("预备技师（技师）", default=False)
    occupations = models.TextField("对应职业（工种）", blank=True, help_text="每行一项。新增专业必填。")
    sector = models.CharField("产业类型", max_length=20, choices=Sector.choices, blank=True)
    description = models.TextField("专业简介", blank=True, help_text="新增专业必填，显示在专业的公开页面上。")

    class Meta:
        verbose_name = "调整后专业"
        verbose_name_plural = "调整后专业"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.code}:{self.name}"

    @property
    def levels(self):
        return [level for level, field in LEVEL_FIELDS.items() if getattr(self, field)]

    @property
    def occupation_list(self):
        return [line.strip() for line in self.occupations.splitlines() if line.strip()]


class Succession(models.Model):
    """Old code → new code, recorded when an adjustment retires a program in favour of others."""

    predecessor = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="successor_links")
    successor = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="predecessor_links")
    adjustment = models.ForeignKey(Adjustment, on_delete=models.PROTECT, related_name="successions")
    equivalent = models.BooleanField("等效", default=False)

    class Meta:
        verbose_name = "专业承继关系"
        verbose_name_plural = "专业承继关系"
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession"),
        ]

    def __str__(self):
        return f"{self.predecessor.code} → {self.successor.code}"
