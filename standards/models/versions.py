"""StandardVersion: each publication of a standard, numbered 1.0 / 1.1 / 2.0, pinned to its revision.

Both page types of the section are versioned (TrainingStandardPage and CourseStandardPage, through
VersionedStandardPage), so a version points at the base Page; `page.specific` is the standard.
"""

from django.conf import settings
from django.db import models


class StandardVersion(models.Model):
    """A published version: the revision that went live, its number, and the date it takes effect."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="标准", on_delete=models.CASCADE, related_name="standard_versions"
    )
    number = models.CharField("版本号", max_length=10)
    major = models.PositiveSmallIntegerField("主版本号")
    minor = models.PositiveSmallIntegerField("次版本号")
    change_kind = models.CharField("发布性质", max_length=10)
    effective_date = models.DateField("施行日期")
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name="页面修订", on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "标准版本"
        verbose_name_plural = "标准版本"
        ordering = ["page", "major", "minor"]
        constraints = [
            models.UniqueConstraint(fields=["page", "major", "minor"], name="unique_standard_version")
        ]

    def __str__(self):
        return f"{self.page.title} {self.number}"

    @property
    def kind_label(self):
        """发布性质 as readers know it: 1.0 is the first publication (stored as a major change), then 修订 or 勘误."""
        if (self.major, self.minor) == (1, 0):
            return "首次发布"
        return "勘误" if self.change_kind == "minor" else "修订"

    @property
    def url(self):
        return self.page.specific.version_url(self)
