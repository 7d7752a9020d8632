"""程序组 (专业组): the working group that drafts the training standards of the programs it is given."""

from django.conf import settings
from django.db import models


class ProgramGroup(models.Model):
    """A program group drafts and submits the standards of its programs; it never reviews or approves.

    Scope is by program: members may create and edit the TrainingStandardPage of each listed program and submit
    it to the workflow. Course standards (public or per category) stay with the committees and administrators.
    Members also need the 专业组成员 role group, which carries the page permissions (add and change, no publish).
    """

    name = models.CharField("名称", max_length=100, unique=True)
    programs = models.ManyToManyField(
        "catalogue.Program", verbose_name="负责专业", related_name="program_groups", blank=True
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="成员", related_name="program_groups", blank=True
    )

    class Meta:
        verbose_name = "专业组"
        verbose_name_plural = "专业组"
        ordering = ["name"]

    def __str__(self):
        return self.name
