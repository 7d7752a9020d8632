"""Records of the textbook review path: who did what, when and why, per application and round.

The application itself is the `Textbook` snippet (its `review_stage` and `review_round`); these models hold what
each step produced: reviewer assignments and their scores against versioned, weighted criteria, declared
conflicts of interest, committee decisions, public notices with objections, the event log, the in-app inbox,
the reminders already sent, and the table of changes (修订内容对照表) of a new edition.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models

from wagtail.models import Orderable

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .textbooks import ReviewStage


class CriteriaSet(ClusterableModel):
    """One version of the scoring rubric; assignments keep the version they were scored against.

    A version is never changed once an assignment uses it (`is_used`): a changed rubric is a new version, so
    every stored score still reads against the weights it was given under. One version at most is current.
    """

    version = models.PositiveSmallIntegerField("版本", unique=True)
    name = models.CharField("名称", max_length=100)
    active = models.BooleanField("当前使用", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "评审指标版本"
        verbose_name_plural = "评审指标版本"
        ordering = ["-version"]

    def __str__(self):
        return f"{self.name}（第 {self.version} 版）"

    @classmethod
    def current(cls):
        return cls.objects.filter(active=True).order_by("-version").first()

    @property
    def is_used(self):
        return self.pk is not None and self.reviewassignment_set.exists()

    def save(self, *args, **kwargs):
        if self.version is None:
            latest = CriteriaSet.objects.aggregate(models.Max("version"))["version__max"]
            self.version = (latest or 0) + 1
        super().save(*args, **kwargs)
        if self.active:
            CriteriaSet.objects.filter(active=True).exclude(pk=self.pk).update(active=False)


class Criterion(models.Model):
    """One weighted criterion: scored 0..max_score, worth `weight` of the 100-point total."""

    criteria_set = ParentalKey(
        CriteriaSet, verbose_name="指标版本", on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField("指标", max_length=100)
    weight = models.PositiveSmallIntegerField("权重（%）")
    max_score = models.PositiveSmallIntegerField("满分", default=100)
    description = models.TextField("说明", blank=True)
    sort_order = models.PositiveSmallIntegerField("顺序", default=0, editable=False)

    sort_order_field = "sort_order"

    class Meta:
        verbose_name = "评审指标"
        verbose_name_plural = "评审指标"
        ordering = ["criteria_set", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "name"], name="unique_criterion_per_set")
        ]

    def __str__(self):
        return f"{self.name}（{self.weight}%）"


class ConflictDeclaration(models.Model):
    """A reviewer's declared conflict, with a publisher as a whole or with one title.

    A title is declared by its ISBN as typed (normalised), never looked up: the form must not tell a reviewer
    whether an application with that ISBN exists, nor its title. Assignment matches the ISBN (or, for
    declarations made by an administrator, the linked textbook)."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评审专家",
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
    )
    organisation = models.ForeignKey(
        "users.Organisation", verbose_name="出版社", null=True, blank=True, on_delete=models.CASCADE
    )
    textbook = models.ForeignKey(
        "textbooks.Textbook", verbose_name="教材", null=True, blank=True, on_delete=models.CASCADE
    )
    isbn = models.CharField("教材 ISBN", max_length=13, blank=True, default="")
    reason = models.CharField("利益冲突说明", max_length=300)
    declared_at = models.DateTimeField("申报时间", auto_now_add=True)

    class Meta:
        verbose_name = "利益冲突声明"
        verbose_name_plural = "利益冲突声明"
        ordering = ["-declared_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False)
                | models.Q(textbook__isnull=False)
                | ~models.Q(isbn=""),
                name="conflict_names_a_publisher_or_a_title",
            )
        ]

    def __str__(self):
        return f"{self.reviewer}：{self.organisation or self.isbn or self.textbook}"


class Recommendation(models.TextChoices):
    APPROVE = "approve", "建议通过"
    REVISE = "revise", "修改后再审"
    REJECT = "reject", "不建议通过"


class ReviewAssignment(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", "待确认"
        ACCEPTED = "accepted", "评审中"
        DECLINED = "declined", "已谢绝"
        SUBMITTED = "submitted", "已提交评审意见"
        REPLACED = "replaced", "已更换"
        CANCELLED = "cancelled", "已取消（申报已撤回）"

    ACTIVE = (Status.INVITED, Status.ACCEPTED, Status.SUBMITTED)
    PENDING = (Status.INVITED, Status.ACCEPTED)

    textbook = models.ForeignKey(
        "textbooks.Textbook", verbose_name="教材", on_delete=models.CASCADE, related_name="assignments"
    )
    round = models.PositiveSmallIntegerField("评审轮次")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评审专家",
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name="评审指标版本", on_delete=models.PROTECT)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.INVITED)
    due_date = models.DateField("截止日期")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="分配人", on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField("分配时间", auto_now_add=True)
    responded_at = models.DateTimeField("确认时间", null=True, blank=True)
    decline_reason = models.CharField("谢绝理由", max_length=300, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    comments = models.TextField("评审意见", blank=True)
    recommendation = models.CharField("评审结论", max_length=20, choices=Recommendation.choices, blank=True)
    # The reviewer's unsubmitted work ({"scores": {criterion id: points}, "comments", "recommendation"}): kept
    # apart from ReviewScore and the fields above, so nobody else ever sees a draft (services.save_draft).
    draft = models.JSONField("评分草稿", default=dict, blank=True)
    draft_saved_at = models.DateTimeField("草稿保存时间", null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name="接替者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )

    class Meta:
        verbose_name = "评审任务"
        verbose_name_plural = "评审任务"
        ordering = ["due_date", "pk"]

    def __str__(self):
        return f"{self.textbook} · 第 {self.round} 轮 · {self.reviewer}"

    @property
    def is_pending(self):
        return self.status in self.PENDING

    def total_score(self):
        """Weighted total out of 100: each criterion's share of its maximum, times its weight."""
        scores = list(self.scores.select_related("criterion"))
        if not scores:
            return None
        total = sum(Decimal(s.score) * s.criterion.weight / s.criterion.max_score for s in scores)
        return total.quantize(Decimal("0.1"))


class ReviewScore(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment, verbose_name="评审任务", on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, verbose_name="指标", on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField("得分")

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion.name}：{self.score}"


class CommitteeDecision(models.Model):
    class Outcome(models.TextChoices):
        APPROVE = "approve", "审定通过（进入公示）"
        REJECT = "reject", "不予通过"
        REVISE = "revise", "修改后重新申报（新一轮评审）"

    textbook = models.ForeignKey(
        "textbooks.Textbook", verbose_name="教材", on_delete=models.CASCADE, related_name="decisions"
    )
    round = models.PositiveSmallIntegerField("评审轮次")
    outcome = models.CharField("审定结论", max_length=20, choices=Outcome.choices)
    reasons = models.TextField("理由")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审定人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审定时间", auto_now_add=True)

    class Meta:
        verbose_name = "委员会审定"
        verbose_name_plural = "委员会审定"
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.textbook} 第 {self.round} 轮：{self.get_outcome_display()}"


class PublicNotice(models.Model):
    """公示: an approved title shown publicly for a period, open to written objections."""

    textbook = models.ForeignKey(
        "textbooks.Textbook", verbose_name="教材", on_delete=models.CASCADE, related_name="notices"
    )
    round = models.PositiveSmallIntegerField("评审轮次")
    starts_on = models.DateField("公示开始")
    ends_on = models.DateField("公示截止")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-starts_on", "pk"]

    def __str__(self):
        return f"{self.textbook}（{self.starts_on:%Y-%m-%d} 至 {self.ends_on:%Y-%m-%d}）"

    @property
    def is_open(self):
        return self.closed_at is None


class Objection(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        DISMISSED = "dismissed", "不成立"
        UPHELD = "upheld", "成立"

    notice = models.ForeignKey(
        PublicNotice, verbose_name="公示", on_delete=models.CASCADE, related_name="objections"
    )
    name = models.CharField("姓名或单位", max_length=100)
    contact = models.CharField("联系方式", max_length=100)
    content = models.TextField("异议内容")
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    status = models.CharField("处理状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField("处理意见", blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    # A keyed hash of the client address and the content (review/limits.py): one copy per notice.
    fingerprint = models.CharField("去重指纹", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "fingerprint"],
                condition=~models.Q(fingerprint=""),
                name="objection_once_per_fingerprint",
            )
        ]

    def __str__(self):
        return f"{self.name}对《{self.notice.textbook}》的异议"


class ReviewAction(models.TextChoices):
    """Every step a review event can record; the transitions among them are in `review.services.TRANSITIONS`."""

    SUBMIT = "submit", "提交申报"
    WITHDRAW = "withdraw", "撤回申报"
    RETURN_FOR_REVISION = "return_for_revision", "形式审查退回"
    PASS_FORMAT_CHECK = "pass_format_check", "形式审查通过"
    SEND_TO_COMMITTEE = "send_to_committee", "专家评审完成，提交委员会审定"
    APPROVE = "approve", "委员会审定通过，进入公示"
    REJECT = "reject", "委员会审定不予通过"
    REQUEST_REVISION = "request_revision", "委员会要求修改后重新申报"
    LIST = "list", "公示期满，列入目录"
    RECONSIDER = "reconsider", "公示异议成立，退回委员会重新审定"
    ASSIGN = "assign", "分配评审专家"
    ACCEPT = "accept", "专家接受评审"
    DECLINE = "decline", "专家谢绝评审"
    REVIEW = "review", "专家提交评审意见"
    REPLACE = "replace", "更换评审专家"
    OBJECTION = "objection", "收到公示异议"
    RESOLVE_OBJECTION = "resolve_objection", "处理公示异议"
    NEW_EDITION = "new_edition", "创建修订新版"


class ReviewEvent(models.Model):
    """One transition on the path (or a step inside one): who, when, why, from which stage to which."""

    textbook = models.ForeignKey(
        "textbooks.Textbook", verbose_name="教材", on_delete=models.CASCADE, related_name="review_events"
    )
    round = models.PositiveSmallIntegerField("评审轮次", default=0)
    action = models.CharField("操作", max_length=40, choices=ReviewAction.choices)
    from_stage = models.CharField("原阶段", max_length=20, blank=True)
    to_stage = models.CharField("新阶段", max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField("说明", blank=True)
    data = models.JSONField("附加信息", default=dict, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "评审记录"
        verbose_name_plural = "评审记录"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.textbook} {self.action}"

    @property
    def stages_display(self):
        if not self.to_stage:
            return ""
        return f"{ReviewStage(self.from_stage).label} → {ReviewStage(self.to_stage).label}"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    textbook = models.ForeignKey(
        "textbooks.Textbook", verbose_name="教材", null=True, blank=True, on_delete=models.CASCADE
    )
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject


class ReminderLog(models.Model):
    """A reminder already sent: the unique pair makes `send_review_reminders` idempotent."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", "到期前提醒"
        OVERDUE = "overdue", "逾期提醒"

    assignment = models.ForeignKey(
        ReviewAssignment, verbose_name="评审任务", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = "评审提醒"
        verbose_name_plural = "评审提醒"
        constraints = [models.UniqueConstraint(fields=["assignment", "kind"], name="one_reminder_per_kind")]

    def __str__(self):
        return f"{self.assignment}：{self.get_kind_display()}"


class TextbookChange(Orderable):
    """One row of a new edition's 修订内容对照表: where, what it said, what it says now, why."""

    textbook = ParentalKey("textbooks.Textbook", on_delete=models.CASCADE, related_name="changes")
    location = models.CharField("章节位置", max_length=100)
    original = models.TextField("原内容")
    revised = models.TextField("修订后内容")
    reason = models.CharField("修订理由", max_length=300, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = "修订内容"
        verbose_name_plural = "修订内容对照表"

    def __str__(self):
        return self.location
