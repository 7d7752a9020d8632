"""Typed course data of a training standard: typical work tasks and the integrated courses built from them.

They hang off the page with ParentalKey, so they are part of every page revision: drafts, comparisons and old
versions all carry their own courses.
"""

from django.db import models

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from modelcluster.fields import ParentalKey

from catalogue.models import Level
from cms.text import validate_no_control_characters

from ..blocks import LearningTaskBlock, learning_task_items
from ..checks import course_hours, course_levels, split_codes


class TypicalWorkTask(Orderable):
    """典型工作任务: a complete, representative work area of the occupation, at one level."""

    page = ParentalKey("standards.TrainingStandardPage", on_delete=models.CASCADE, related_name="work_tasks")
    code = models.CharField("编号", max_length=10, help_text="如 T1；课程用编号引用。")
    name = models.CharField("名称", max_length=100, validators=[validate_no_control_characters])
    level = models.CharField("培养层次", max_length=20, choices=Level.choices)
    description = models.TextField("工作任务描述", blank=True)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name"), FieldPanel("level")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "典型工作任务"
        verbose_name_plural = "典型工作任务"

    def __str__(self):
        return f"{self.code} {self.name}"


class IntegratedCourse(Orderable):
    """一体化课程: hours per level, the work tasks it comes from, and its learning tasks."""

    page = ParentalKey("standards.TrainingStandardPage", on_delete=models.CASCADE, related_name="courses")
    code = models.CharField("课程代码", max_length=20)
    name = models.CharField("课程名称", max_length=100, validators=[validate_no_control_characters])
    hours_intermediate = models.PositiveIntegerField("中级技能学时", default=0)
    hours_advanced = models.PositiveIntegerField("高级技能学时", default=0)
    hours_technician = models.PositiveIntegerField("预备技师（技师）学时", default=0)
    work_task_codes = models.CharField(
        "来源典型工作任务", max_length=200, help_text="典型工作任务编号，逗号分隔，如 T1, T2。"
    )
    objectives = models.TextField("课程目标", blank=True, help_text="Markdown")
    content = models.TextField("学习内容", blank=True, help_text="Markdown")
    assessment = models.TextField("考核评价", blank=True, help_text="Markdown")
    learning_tasks = StreamField([("task", LearningTaskBlock())], verbose_name="参考性学习任务", blank=True)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
        FieldRowPanel(
            [FieldPanel("hours_intermediate"), FieldPanel("hours_advanced"), FieldPanel("hours_technician")]
        ),
        FieldPanel("work_task_codes"),
        FieldPanel("objectives"),
        FieldPanel("content"),
        FieldPanel("assessment"),
        FieldPanel("learning_tasks"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "一体化课程"
        verbose_name_plural = "一体化课程"

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def total_hours(self):
        return course_hours(self)

    @property
    def levels(self):
        return course_levels(self)

    @property
    def work_task_list(self):
        return split_codes(self.work_task_codes)

    @property
    def learning_task_list(self):
        return learning_task_items(self.learning_tasks)


class ProgramCourse(models.Model):
    """An integrated course of one program as the same course across standard versions: (program, code).

    The rows of IntegratedCourse belong to one page revision each; this is the identity textbooks link to, so a
    rename in a new version keeps the textbooks, and a course the new version drops keeps them too, now marked
    as no longer in the current standard. Written when a standard version is published (curriculum.py).
    """

    program = models.ForeignKey(
        "catalogue.Program", verbose_name="专业", on_delete=models.CASCADE, related_name="curriculum_courses"
    )
    code = models.CharField("课程代码", max_length=20)
    name = models.CharField("课程名称", max_length=100, help_text="最近一个含有该课程的标准版本中的名称。")
    in_current_standard = models.BooleanField("在现行标准中", default=True)
    last_version = models.ForeignKey(
        "standards.StandardVersion",
        verbose_name="最近所在版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "专业课程"
        verbose_name_plural = "专业课程"
        ordering = ["program__code", "code"]
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="unique_program_course")]

    def __str__(self):
        return f"{self.program.code} {self.code} {self.name}"
