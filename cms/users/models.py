from django.contrib.auth.models import AbstractUser
from django.db import models


class Organisation(models.Model):
    """A body users act for: a publisher (出版社) submits textbooks and sees only its own."""

    class Kind(models.TextChoices):
        PUBLISHER = "publisher", "出版社"
        COMMITTEE = "committee", "教学指导委员会"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=200, unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.PUBLISHER)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """Custom user from the first migration; scope lives on the user (organisation) and on categories."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        full = f"{self.last_name}{self.first_name}".strip()
        return full or self.username
