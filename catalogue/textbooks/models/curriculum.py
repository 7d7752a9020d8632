"""Review flags: a listed textbook to be checked against a change of the curriculum it serves.

A flag is raised once per textbook and change (a standard version, or a catalogue adjustment) and stays open
until the publisher or staff clears it with a note.
"""

from django.conf import settings
from django.db import models

__all__ = ["CurriculumFlag"]


class CurriculumFlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(cleared_at__isnull=True)


class CurriculumFlag(models.Model):
    textbook = models.ForeignKey(
        "textbooks.Textbook", verbose_name="教材", on_delete=models.CASCADE, related_name="curriculum_flags"
    )
    program = models.ForeignKey(
        "catalogue.Program", verbose_name="专业", on_delete=models.CASCADE, related_name="+"
    )
    standard_version = models.ForeignKey(
        "standards.StandardVersion",
        verbose_name="新版标准",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="textbook_flags",
    )
    adjustment = models.ForeignKey(
        "catalogue.Adjustment",
        verbose_name="专业目录调整",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="textbook_flags",
    )
    title = models.CharField("提示", max_length=200)
    changes = models.JSONField("变化", default=list)
    created_at = models.DateTimeField("标记时间", auto_now_add=True)
    cleared_at = models.DateTimeField("处理时间", null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    clear_note = models.TextField("处理说明", blank=True)

    objects = CurriculumFlagQuerySet.as_manager()

    class Meta:
        verbose_name = "复核提示"
        verbose_name_plural = "复核提示"
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["textbook", "standard_version"],
                condition=models.Q(standard_version__isnull=False),
                name="one_flag_per_textbook_and_version",
            ),
            models.UniqueConstraint(
                fields=["textbook", "adjustment"],
                condition=models.Q(adjustment__isnull=False),
                name="one_flag_per_textbook_and_adjustment",
            ),
        ]

    def __str__(self):
        return f"{self.textbook}：{self.title}"

    @property
    def is_open(self):
        return self.cleared_at is None
