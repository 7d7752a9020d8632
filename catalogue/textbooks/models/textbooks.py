"""Planned textbooks (规划教材): the list the plan targets at 1,500 titles, each tied to programs and a batch.

A textbook is a Wagtail snippet with drafts, revisions and locking. Its review (申报 → … → 列入目录) is not a
Wagtail workflow but the project's own records, driven by `review.services` (why: see there); `review_stage` is
the one stored state, and the public listing status is derived from it. The public list shows only live titles
whose stage is `listed`.
"""

from django.db import models
from django.urls import reverse

from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel

from catalogue.models import Category
from catalogue.textbooks.storage import get_private_storage, private_upload_to
from cms.text import validate_no_control_characters

PLAN_TARGET = 1500


class TextbookType(models.TextChoices):
    INTEGRATED = "integrated", "工学一体化教材"
    DIGITAL = "digital", "新形态数字教材"
    FOUNDATION = "foundation", "专业基础课教材"
    PUBLIC = "public", "公共课教材"
    WORLDSKILLS = "worldskills", "世赛成果转化教材"


class TextbookLevel(models.TextChoices):
    INTERMEDIATE = "intermediate", "中级技能"
    ADVANCED = "advanced", "高级技能"
    TECHNICIAN = "technician", "预备技师（技师）"
    GENERAL = "general", "通用"


class PublicationStatus(models.TextChoices):
    PUBLISHED = "published", "已出版"
    WRITING = "writing", "编写中"
    REVISING = "revising", "修订中"


class ListingStatus(models.TextChoices):
    """Where a title stands for the public: derived from its review stage (`Textbook.listing_status`)."""

    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "评审中"
    NOTICE = "notice", "公示中"
    LISTED = "listed", "已列入目录"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class ReviewStage(models.TextChoices):
    """Where an application stands on the review path; changed only by `catalogue.textbooks.review.services`."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待形式审查"
    RETURNED = "returned", "退回修改"
    EXPERT_REVIEW = "expert_review", "专家评审"
    COMMITTEE = "committee", "委员会审定"
    NOTICE = "notice", "公示中"
    LISTED = "listed", "已列入目录"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


LISTING_FOR_STAGE = {
    ReviewStage.DRAFT: ListingStatus.DRAFT,
    ReviewStage.SUBMITTED: ListingStatus.IN_REVIEW,
    ReviewStage.RETURNED: ListingStatus.IN_REVIEW,
    ReviewStage.EXPERT_REVIEW: ListingStatus.IN_REVIEW,
    ReviewStage.COMMITTEE: ListingStatus.IN_REVIEW,
    ReviewStage.NOTICE: ListingStatus.NOTICE,
    ReviewStage.LISTED: ListingStatus.LISTED,
    ReviewStage.REJECTED: ListingStatus.REJECTED,
    ReviewStage.WITHDRAWN: ListingStatus.WITHDRAWN,
}


class TextbookBatch(models.Model):
    """A round of the planned list (第一批, 第二批 …); ordered as announced."""

    name = models.CharField("批次", max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "教材批次"
        verbose_name_plural = "教材批次"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


def listed_condition():
    """The condition of `listed()`, as a Q (the search index holds exactly these rows)."""
    return models.Q(live=True, review_stage=ReviewStage.LISTED)


def unlisted_condition():
    """Every row `listed_condition()` leaves out, spelt with the stage first so that the (review_stage, live)
    index answers it: the admin's search scans only these rows, the search index holds the others."""
    others = [stage for stage in ReviewStage.values if stage != ReviewStage.LISTED]
    # `live__in` rather than `live=False`: SQLite spells the latter `NOT live`, which the index cannot answer.
    return models.Q(review_stage__in=others) | models.Q(review_stage=ReviewStage.LISTED, live__in=[False])


class TextbookQuerySet(models.QuerySet):
    def listed(self):
        """What the public sees: live titles on the planned list."""
        return self.filter(listed_condition())

    def public_list(self, category=None, program=None, level=None, kind=None, publisher=None, batch=None):
        """The public list (page and API alike): listed titles narrowed by the given filters, batch then ISBN."""
        lookups = {
            "programs__category__code": category,
            "programs__code": program,
            "level": level,
            "kind": kind,
            "publisher_id": publisher,
            "batch_id": batch,
        }
        return (
            self.listed()
            .filter(**{lookup: value for lookup, value in lookups.items() if value not in (None, "")})
            .distinct()
            .select_related("publisher", "batch")
            .order_by("batch__sort_order", "isbn")
        )

    def listed_title(self, isbn):
        """One listed title by canonical ISBN with what its public page and API show, or None."""
        return (
            self.listed()
            .select_related("publisher", "batch", "previous_edition")
            .prefetch_related("programs__category")
            .filter(isbn=isbn)
            .first()
        )


class Textbook(DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    isbn = models.CharField("ISBN", max_length=13, unique=True, help_text="13 位数字，可带连字符输入")
    title = models.CharField("书名", max_length=200, validators=[validate_no_control_characters])
    series = models.CharField("丛书", max_length=200, blank=True)
    publisher = models.ForeignKey(
        "users.Organisation", verbose_name="出版社", on_delete=models.PROTECT, related_name="textbooks"
    )
    editors = models.JSONField("主编", default=list, blank=True)
    edition = models.PositiveSmallIntegerField("版次", default=1)
    year = models.PositiveSmallIntegerField("出版年份", null=True, blank=True)
    kind = models.CharField("教材类型", max_length=20, choices=TextbookType.choices)
    level = models.CharField("培养层次", max_length=20, choices=TextbookLevel.choices)
    programs = ParentalManyToManyField(
        "catalogue.Program", verbose_name="适用专业", blank=True, related_name="textbooks"
    )
    course = models.CharField(
        "对应课程（名称）",
        max_length=100,
        blank=True,
        help_text="专业基础课、公共课填写课程名称；一体化课程以下方所选课程为准。",
    )
    courses = ParentalManyToManyField(
        "standards.ProgramCourse",
        verbose_name="对应一体化课程",
        blank=True,
        related_name="textbooks",
        help_text="从所选专业现行培养标准的一体化课程中选择。",
    )
    course_standards = ParentalManyToManyField(
        "standards.CourseStandardPage",
        verbose_name="对应课程标准",
        blank=True,
        related_name="textbooks",
        help_text="专业基础课、公共课教材对应的大类通用专业课或公共课课程标准。",
    )
    reviewed_against = models.ManyToManyField(
        "standards.StandardVersion",
        verbose_name="评审依据的标准版本",
        blank=True,
        related_name="reviewed_textbooks",
    )
    batch = models.ForeignKey(
        TextbookBatch,
        verbose_name="批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="textbooks",
    )
    publication_status = models.CharField(
        "出版状态", max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.WRITING
    )
    worldskills_item = models.CharField("世赛项目", max_length=100, blank=True)
    description = models.TextField("内容简介", blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    listed_on = models.DateField("列入目录日期", null=True, blank=True)
    previous_edition = models.ForeignKey(
        "self",
        verbose_name="上一版",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="later_editions",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    review_stage = models.CharField(
        "评审阶段", max_length=20, choices=ReviewStage.choices, default=ReviewStage.DRAFT, db_index=True
    )
    review_round = models.PositiveSmallIntegerField("评审轮次", default=0)
    sample_file = models.FileField(
        "样章（PDF）",
        storage=get_private_storage,
        upload_to=private_upload_to,
        max_length=200,
        blank=True,
    )
    toc_file = models.FileField(
        "目录（PDF）",
        storage=get_private_storage,
        upload_to=private_upload_to,
        max_length=200,
        blank=True,
    )

    objects = TextbookQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("series"),
        index.SearchField("course", boost=2),
        index.SearchField("description"),
        # The admin listing narrows by id (each role's scope) and by the list filters before searching.
        index.FilterField("id"),
        index.FilterField("isbn"),
        index.FilterField("review_stage"),
        index.FilterField("kind"),
        index.FilterField("level"),
    ]

    class Meta:
        verbose_name = "规划教材"
        verbose_name_plural = "规划教材"
        ordering = ["isbn"]
        # Answers `unlisted_condition()`: the rows outside the search index, which the admin's search scans.
        indexes = [models.Index(fields=["review_stage", "live"], name="textbook_stage_live")]
        permissions = [
            ("review_textbook", "可以组织教材评审（形式审查、分配专家、处理异议）"),
            ("decide_textbook", "可以审定教材（委员会）"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("textbooks:detail", args=[self.isbn])

    @property
    def listing_status(self):
        return LISTING_FOR_STAGE[ReviewStage(self.review_stage)]

    def get_listing_status_display(self):
        return self.listing_status.label

    @property
    def editors_display(self):
        return "、".join(self.editors)

    def categories(self):
        return Category.objects.filter(programs__textbooks=self).distinct()
