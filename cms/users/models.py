from django.contrib.auth.models import AbstractUser, Group
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


class Role(models.Model):
    """The stable identity of a role group: code asks for a role by `key`, never by the group's name, so an
    administrator may rename the group (管理员 → 系统管理员) without revoking anything (`cms.users.roles`)."""

    key = models.CharField("角色标识", max_length=40, unique=True, editable=False)
    group = models.OneToOneField(Group, verbose_name="用户组", on_delete=models.CASCADE, related_name="role")

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"

    def __str__(self):
        return f"{self.group.name}（{self.key}）"
