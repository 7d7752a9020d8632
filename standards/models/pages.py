"""The standards section: an index, one training standard per program, and stand-alone course standards."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import LearningTaskBlock, learning_task_items
from ..checks import LEVEL_TOTAL_FIELDS, check_learning_task_hours, check_training_standard
from ..forms import StandardPageForm
from ..panels import ChangeImpactPanel, ConsistencyPanel
from ..permissions import IndexPermissionTester, StandardPermissionTester
from ..rendering import render_markdown
from ..sections import COURSE_STANDARD_SECTIONS, OBJECTIVE_FIELDS, SECTIONS


class ChangeKind(models.TextChoices):
    MAJOR = "major", "修订（主版本号加一）"
    MINOR = "minor", "勘误（次版本号加一）"


def markdown_field(label):
    return models.TextField(label, blank=True, help_text="Markdown，可用表格。")


class StandardsIndexPage(Page):
    """国家技能人才培养标准: the way in for teachers, listing standards by category."""

    intro = markdown_field("简介")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["standards.TrainingStandardPage", "standards.CourseStandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "培养标准栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["intro_html"] = render_markdown(self.intro)
        context["standards"] = (
            TrainingStandardPage.objects.child_of(self)
            .live()
            .select_related("program__category")
            .order_by("program__code")
        )
        context["course_standards"] = (
            CourseStandardPage.objects.child_of(self).live().order_by("kind", "course_code")
        )
        return context

    def permissions_for_user(self, user):
        return IndexPermissionTester(user, self)


class GuardedPublicationMixin:
    """Refuse to make an inconsistent revision live, whichever path publishes it.

    The editor, the workflow's last approval, scheduled publishing and `revision.publish()` all end in
    `save()` on the revision's object with a new `live_revision`; checking there covers them all.
    """

    def consistency_errors(self):
        raise NotImplementedError

    def standard_category(self):
        raise NotImplementedError

    def standard_program(self):
        """The program whose program group may draft this standard (None: committees and administrators only)."""
        return None

    def is_being_published(self):
        if not (self.pk and self.live and self.live_revision_id):
            return False
        previous = type(self).objects.filter(pk=self.pk).values_list("live_revision_id", flat=True).first()
        return previous != self.live_revision_id

    def save(self, *args, **kwargs):
        if self.is_being_published() and (errors := self.consistency_errors()):
            raise ValidationError(errors)
        return super().save(*args, **kwargs)

    def permissions_for_user(self, user):
        return StandardPermissionTester(user, self)


class VersionedStandardPage(GuardedPublicationMixin, RoutablePageMixin, Page):
    """A standard whose publications are numbered versions, each readable, comparable and exportable.

    Subclasses say how two versions differ (`version_diff`), how a version exports (`markdown_export`,
    `pdf_export`) and the stem of the exported file names (`export_stem`). Routes: `v/<major>-<minor>/` (an old
    version with its banner), `compare/?from=&to=`, `export/markdown/?v=` and `export/pdf/?v=`.

    Publishing numbers the version (the `page_published` receiver in signals.py). The subclasses import compare,
    exchange and pdf inside those methods: only the routes need them, and fpdf alone takes half a second to load.
    """

    change_kind = models.CharField(
        "本次发布性质",
        max_length=10,
        choices=ChangeKind.choices,
        default=ChangeKind.MAJOR,
        help_text="审批人在批准时可改选。首次发布为 1.0。",
    )
    effective_date = models.DateField("施行日期", null=True, blank=True, help_text="留空则为发布当日。")

    version_panels = [
        MultiFieldPanel([FieldPanel("change_kind"), FieldPanel("effective_date")], heading="版本")
    ]

    class Meta:
        abstract = True

    def save_revision(self, *args, **kwargs):
        """A published standard keeps its published title as `draft_title` until the draft is published.

        Wagtail stores a draft's title there, and the page chooser, the admin pages API and the explorer show it to
        everyone who may list the page, so a rename still in committee would reach every role. The draft's title
        stays in the revision, where the editor and the workflow read it; publishing sets both titles."""
        revision = super().save_revision(*args, **kwargs)
        if self.live:  # the row's `title` is still the published one: Wagtail saves only the draft's fields
            Page.objects.filter(pk=self.pk).exclude(draft_title=F("title")).update(draft_title=F("title"))
        return revision

    @property
    def versions(self):
        return self.standard_versions.all()

    @property
    def current_version(self):
        return self.versions.order_by("-major", "-minor").first()

    def export_stem(self):
        raise NotImplementedError

    def version_diff(self, old, new):
        raise NotImplementedError

    def markdown_export(self, snapshot, version):
        raise NotImplementedError

    def pdf_export(self, snapshot, version):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("standard", self)
        versions = list(self.versions.order_by("-major", "-minor"))
        context["versions"] = versions
        context["version_rows"] = list(zip(versions, [*versions[1:], None], strict=False))
        context["current_version"] = self.current_version
        return context

    @path("")
    def current(self, request):
        return self.render(request)

    @path("v/<int:major>-<int:minor>/")
    def old_version(self, request, major, minor):
        """Version 1.0 lives at v/1-0/: Wagtail's page URLs allow no dot in a path segment."""
        version = get_object_or_404(self.versions, major=major, minor=minor)
        snapshot = version.revision.as_object()
        current = self.current_version
        return self.render(
            request,
            context_overrides={"standard": snapshot, "shown_version": version, "is_old": version != current},
        )

    @path("compare/")
    def compare(self, request):
        versions = list(self.versions.order_by("major", "minor"))
        if len(versions) < 2:
            raise Http404("至少需要两个已发布版本才能对比。")
        old = self._version_from(request, "from", versions[-2])
        new = self._version_from(request, "to", versions[-1])
        context = self.get_context(request)
        context.update(
            {
                "old": old,
                "new": new,
                "diff": self.version_diff(old.revision.as_object(), new.revision.as_object()),
            }
        )
        return TemplateResponse(request, "standards/compare.html", context)

    def _version_from(self, request, key, default):
        number = request.GET.get(key)
        return get_object_or_404(self.versions, number=number) if number else default

    @path("export/markdown/")
    def export_markdown(self, request):
        version = self._published_version(request)
        response = HttpResponse(
            self.markdown_export(version.revision.as_object(), version),
            content_type="text/markdown; charset=utf-8",
        )
        response["Content-Disposition"] = content_disposition_header(
            True, f"{self.export_stem()}-{version.number}.md"
        )
        return response

    @path("export/pdf/")
    def export_pdf(self, request):
        """Only `v` is read; any other parameter is ignored, so every variant is served from one cached file."""
        from ..pdf_cache import RendererBusy, pdf_bytes

        version = self._published_version(request)
        try:
            data = pdf_bytes(self, version)
        except RendererBusy:
            retry = settings.STANDARDS_PDF_RETRY_AFTER_SECONDS
            response = HttpResponse(
                f"正在生成的 PDF 较多，请约 {retry} 秒后再试。",
                content_type="text/plain; charset=utf-8",
                status=503,
            )
            response["Retry-After"] = str(retry)
            return response
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            False, f"{self.export_stem()}-{version.number}.pdf"
        )
        # The file cache serves every variant already; the page cache keys on the whole query string, so junk
        # parameters would each store a copy of megabytes. Kept out of it (cms/caching.py skips "private").
        response["Cache-Control"] = "private, max-age=3600"
        return response

    def _published_version(self, request):
        number = request.GET.get("v")
        if number:
            return get_object_or_404(self.versions, number=number)
        version = self.current_version
        if version is None:
            raise Http404("该标准尚未发布。")
        return version

    def version_url(self, version):
        return self.url + self.reverse_subpage(
            "old_version", kwargs={"major": version.major, "minor": version.minor}
        )


class TrainingStandardPage(VersionedStandardPage):
    """国家技能人才培养标准 of one program, with its integrated course specification as typed data."""

    program = models.OneToOneField(
        "catalogue.Program", verbose_name="专业", on_delete=models.PROTECT, related_name="training_standard"
    )
    total_hours_intermediate = models.PositiveIntegerField("中级技能一体化课程总学时", default=0)
    total_hours_advanced = models.PositiveIntegerField("高级技能一体化课程总学时", default=0)
    total_hours_technician = models.PositiveIntegerField("预备技师（技师）一体化课程总学时", default=0)
    info = markdown_field("专业信息")
    objectives_intermediate = markdown_field("培养目标和要求（中级技能）")
    objectives_advanced = markdown_field("培养目标和要求（高级技能）")
    objectives_technician = markdown_field("培养目标和要求（预备技师（技师））")
    training_mode = markdown_field("培养模式")
    course_setup = markdown_field("课程设置")
    assessment = markdown_field("考核评价")
    implementation = markdown_field("实施建议")
    search_fields = [*Page.search_fields, index.SearchField("info"), index.FilterField("program")]
    parent_page_types = ["standards.StandardsIndexPage"]
    subpage_types = []
    base_form_class = StandardPageForm

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [*Page.content_panels, FieldPanel("program"), *[FieldPanel(name) for name, _ in SECTIONS]],
                heading="标准正文",
            ),
            ObjectList(
                [
                    ConsistencyPanel(heading="一致性检查"),
                    FieldRowPanel(
                        [FieldPanel(field) for field in LEVEL_TOTAL_FIELDS.values()],
                        heading="声明的层级总学时",
                    ),
                    InlinePanel("work_tasks", heading="典型工作任务", label="典型工作任务"),
                    InlinePanel("courses", heading="一体化课程", label="一体化课程"),
                ],
                heading="一体化课程规范",
            ),
            ObjectList(
                [*VersionedStandardPage.version_panels, ChangeImpactPanel(heading="发布影响")],
                heading="版本发布",
            ),
            ObjectList(Page.promote_panels, heading="推广"),
            ObjectList(Page.settings_panels, heading="设置"),
        ]
    )

    class Meta:
        verbose_name = "培养标准"
        verbose_name_plural = "培养标准"

    def __str__(self):
        return self.title

    def standard_category(self):
        return self.program.category if self.program_id else None

    def standard_program(self):
        return self.program if self.program_id else None

    def consistency_errors(self):
        return check_training_standard(self)

    def sections(self):
        """(label, html) of each non-empty prose section, objectives only for the levels offered."""
        offered = {OBJECTIVE_FIELDS[level] for level in self.program.levels} if self.program_id else set()
        result = []
        for name, label in SECTIONS:
            if name in OBJECTIVE_FIELDS.values() and name not in offered:
                continue
            text = getattr(self, name)
            if text or name == "course_setup":  # the course table always shows under 课程设置
                result.append((name, label, render_markdown(text)))
        return result

    def level_rows(self):
        """Declared and scheduled hours per offered level, for the course table."""
        courses = list(self.courses.all())
        rows = []
        for level in self.program.levels:
            field = LEVEL_TOTAL_FIELDS[level]
            hours_field = field.replace("total_", "")
            rows.append((level.label, getattr(self, field), sum(getattr(c, hours_field) for c in courses)))
        return rows

    def successor_links(self):
        """(program, standard page or None) for each successor when the program is retired or merged."""
        if not self.program.is_retired:
            return []
        links = []
        for successor in self.program.successors():
            page = TrainingStandardPage.objects.live().filter(program=successor).first()
            links.append((successor, page))
        return links

    def export_stem(self):
        return f"standard-{self.program.code}"

    def version_diff(self, old, new):
        from ..compare import compare_versions

        return compare_versions(old, new)

    def markdown_export(self, snapshot, version):
        from ..exchange import export_markdown

        return export_markdown(snapshot, version)

    def pdf_export(self, snapshot, version):
        from ..pdf import render_pdf

        return render_pdf(snapshot, version)


class CourseStandardPage(VersionedStandardPage):
    """公共课课程标准 or 大类通用专业课课程标准: a course standard that is not one program's."""

    class Kind(models.TextChoices):
        PUBLIC = "public", "公共课课程标准"
        CATEGORY = "category", "大类通用专业课课程标准"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.PUBLIC)
    category = models.ForeignKey(
        "catalogue.Category",
        verbose_name="专业大类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="course_standards",
        help_text="大类通用专业课必填；公共课留空。",
    )
    course_code = models.CharField("课程代码", max_length=20)
    hours = models.PositiveIntegerField("学时")
    objectives = markdown_field("课程目标")
    content = markdown_field("学习内容")
    teaching = markdown_field("教学建议")
    assessment = markdown_field("考核评价")
    learning_tasks = StreamField([("task", LearningTaskBlock())], verbose_name="参考性学习任务", blank=True)

    content_panels = [
        *Page.content_panels,
        ConsistencyPanel(heading="一致性检查"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("category")]),
        FieldRowPanel([FieldPanel("course_code"), FieldPanel("hours")]),
        FieldPanel("objectives"),
        FieldPanel("content"),
        FieldPanel("learning_tasks"),
        FieldPanel("teaching"),
        FieldPanel("assessment"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="课程标准"),
            ObjectList(VersionedStandardPage.version_panels, heading="版本发布"),
            ObjectList(Page.promote_panels, heading="推广"),
            ObjectList(Page.settings_panels, heading="设置"),
        ]
    )
    parent_page_types = ["standards.StandardsIndexPage"]
    subpage_types = []
    base_form_class = StandardPageForm

    class Meta:
        verbose_name = "课程标准"
        verbose_name_plural = "课程标准"

    def clean(self):
        super().clean()
        if self.kind == self.Kind.CATEGORY and not self.category_id:
            raise ValidationError({"category": "大类通用专业课课程标准必须选择专业大类。"})
        if self.kind == self.Kind.PUBLIC and self.category_id:
            raise ValidationError({"category": "公共课课程标准不属于任何专业大类。"})

    def standard_category(self):
        return self.category if self.category_id else None

    def consistency_errors(self):
        label = f"课程「{self.course_code} {self.title}」"
        return check_learning_task_hours(label, learning_task_items(self.learning_tasks), self.hours)

    def sections(self):
        return [
            (name, label, render_markdown(getattr(self, name)))
            for name, label in COURSE_STANDARD_SECTIONS
            if getattr(self, name)
        ]

    @property
    def learning_task_list(self):
        return learning_task_items(self.learning_tasks)

    def export_stem(self):
        return f"course-standard-{self.course_code}"

    def version_diff(self, old, new):
        from ..compare import compare_course_standards

        return compare_course_standards(old, new)

    def markdown_export(self, snapshot, version):
        from ..exchange import export_course_markdown

        return export_course_markdown(snapshot, version)

    def pdf_export(self, snapshot, version):
        from ..pdf import render_course_pdf

        return render_course_pdf(snapshot, version)
