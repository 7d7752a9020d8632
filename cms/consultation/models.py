"""征求意见: a draft opened to public comment for a period, and the comments the committee moderates.

A consultation is about one of two things: the draft revision of a standard (training or course standard page),
kept by reference to the very revision that was opened, or a set of pending catalogue adjustments, kept as a
snapshot taken when it was opened (adjustments stay editable, the public must read what was opened). Its
`category` is the scope: that category's committee and the administrators open it and moderate its comments
(a public course standard has no category: administrators only).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.models import Revision

from catalogue.models import Category


class Consultation(models.Model):
    class Subject(models.TextChoices):
        STANDARD = "standard", "标准草案"
        ADJUSTMENTS = "adjustments", "专业目录动态调整"

    subject = models.CharField("征求意见对象", max_length=20, choices=Subject.choices)
    title = models.CharField("标题", max_length=200)
    explanation = models.TextField("征求意见说明")
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    category = models.ForeignKey(
        Category,
        verbose_name="专业大类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="标准",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    revision = models.ForeignKey(
        Revision,
        verbose_name="征求意见稿（修订版本）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adjustments = models.ManyToManyField(
        "catalogue.Adjustment", verbose_name="动态调整", blank=True, related_name="consultations"
    )
    # The adjustments as they read when opened (`snapshot_adjustments`): what the public comments on.
    adjustment_snapshot = models.JSONField("动态调整快照", default=list, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.title

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at

    def draft(self):
        """The standard as it read when opened (a page object built from the revision), or None.

        Kept on the instance: every comment shown asks for its section's label, and the comments of a
        consultation share its instance."""
        if not hasattr(self, "_draft"):
            self._draft = self.revision.as_object() if self.revision_id else None
        return self._draft

    def section_choices(self):
        """(key, label) of the parts a comment may concern: sections and courses, or adjustments."""
        if self.subject == self.Subject.ADJUSTMENTS:
            return [
                (item["reference"], f"{item['reference']} {item['kind']}")
                for item in self.adjustment_snapshot
            ]
        draft = self.draft()
        if draft is None:
            return []
        choices = [(name, label) for name, label, _ in draft.sections()]
        courses = getattr(draft, "courses", None)
        if courses is not None:
            choices += [(f"course-{c.code}", f"课程 {c.code} {c.name}") for c in courses.all()]
        return choices


def snapshot_adjustments(adjustments):
    """What each adjustment proposes, in plain values: the text the public reads and comments on."""
    return [
        {
            "reference": adjustment.reference,
            "kind": adjustment.get_kind_display(),
            "old_programs": [f"{p.code} {p.name}" for p in adjustment.old_programs.order_by("code")],
            "new_programs": [f"{code} {name}" for code, name in adjustment.new_entries],
            "effective_date": adjustment.effective_date.isoformat(),
            "rationale": adjustment.rationale,
        }
        for adjustment in sorted(adjustments, key=lambda a: a.reference)
    ]


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "公开"
        REJECTED = "rejected", "不予公开"

    MAX_LENGTH = 3000

    consultation = models.ForeignKey(
        Consultation, verbose_name="征求意见", on_delete=models.CASCADE, related_name="comments"
    )
    name = models.CharField("姓名", max_length=50, blank=True)
    organisation = models.CharField("单位", max_length=100, blank=True)
    email = models.EmailField("电子邮箱")  # for the committee's questions only: never shown publicly
    section = models.CharField("涉及部分", max_length=60, blank=True)
    text = models.TextField("意见内容", max_length=MAX_LENGTH)
    status = models.CharField("审核状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    # A keyed hash of the client address and the text (limits.py): one copy per consultation.
    fingerprint = models.CharField("去重指纹", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "fingerprint"],
                condition=~models.Q(fingerprint=""),
                name="consultation_comment_once_per_fingerprint",
            )
        ]

    def __str__(self):
        return f"{self.author}对《{self.consultation}》的意见"

    @property
    def author(self):
        """The public byline: name and organisation as given, or 匿名."""
        return " · ".join(part for part in (self.name, self.organisation) if part) or "匿名"

    def section_label(self):
        return dict(self.consultation.section_choices()).get(self.section, self.section)
