"""Forms of the review path: the publisher's application (with PDF checks) and one small form per step."""

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm

from cms.uploads import check_pdf_bytes, read_head
from cms.users.models import Organisation
from cms.users.roles import REVIEWERS, holders
from standards.models import CourseStandardPage, ProgramCourse

from ..isbn import InvalidISBN, normalise_isbn
from ..models import CommitteeDecision, Recommendation, Textbook
from .scope import is_staff, publisher_organisation_id

EDITOR_SEPARATORS = ("，", ",", "；", ";", "\n")


def check_pdf(upload):
    """Refuse anything that is not a PDF by its first bytes, or is larger than the configured limit."""
    limit = settings.TEXTBOOK_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            f"文件“{upload.name}”过大（{upload.size / 1048576:.1f} MB），不能超过 {limit / 1048576:.0f} MB。"
        )
    if not upload.name.lower().endswith(".pdf"):
        raise forms.ValidationError(f"文件“{upload.name}”不是 PDF 文件，请上传 .pdf 格式的文件。")
    check_pdf_bytes(read_head(upload), upload.name)
    return upload


class TextbookApplicationForm(WagtailAdminModelForm):
    """The snippet form: publishers apply for their own organisation; files are checked by content."""

    isbn = forms.CharField(label="ISBN", max_length=20, help_text="13 位数字，可带连字符输入")
    editors = forms.CharField(label="主编", required=False, help_text="多位主编以顿号“、”或逗号分隔")

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.initial["editors"] = "、".join(self.instance.editors or [])
        organisation = publisher_organisation_id(for_user) if for_user else None
        if "publisher" not in self.fields and not self.instance.publisher_id and organisation:
            self.instance.publisher = Organisation.objects.get(pk=organisation)
        if for_user is not None and not is_staff(for_user) and not organisation:
            self.no_organisation = True
        for name in ("sample_file", "toc_file"):
            if name in self.fields:
                self._private_file_field(name)
        self._course_fields()

    def _course_fields(self):
        """Courses come from the current standards (plus any the title already serves); labelled by program."""
        if "courses" in self.fields:
            current = Q(in_current_standard=True)
            if self.instance.pk:
                current |= Q(pk__in=self.instance.courses.all())
            self._checkboxes(
                "courses",
                ProgramCourse.objects.filter(current).select_related("program"),
                lambda c: (
                    f"{c.program.code} {c.program.name} · {c.code} {c.name}"
                    + ("" if c.in_current_standard else "（已不在现行标准中）")
                ),
            )
        if "course_standards" in self.fields:
            self._checkboxes(
                "course_standards",
                CourseStandardPage.objects.live().order_by("kind", "course_code"),
                lambda page: f"{page.get_kind_display()} {page.course_code} {page.title}",
            )

    def _checkboxes(self, name, queryset, label):
        field = self.fields[name]
        field.label_from_instance = label
        field.widget = forms.CheckboxSelectMultiple()
        field.queryset = queryset  # after the widget: setting the queryset hands the widget its choices

    def _private_file_field(self, name):
        """A plain file input: the private file has no URL to link to; it is downloaded from the review page."""
        field = self.fields[name]
        field.widget = forms.FileInput(attrs={"accept": "application/pdf,.pdf"})
        limit = settings.TEXTBOOK_UPLOAD_MAX_BYTES / 1048576
        uploaded = "已上传，重新选择文件将替换原文件；" if getattr(self.instance, name) else ""
        field.help_text = f"{uploaded}仅限 PDF，不超过 {limit:.0f} MB。"

    def full_clean(self):
        """Browsers forget a chosen file after the page comes back with errors, so say which to choose again."""
        super().full_clean()
        if not self._errors:
            return
        for name in ("sample_file", "toc_file"):
            upload = self.files.get(self.add_prefix(name))
            if upload and name in self.fields and name not in self._errors:
                label = self.fields[name].label
                self.add_error(
                    name, f"本次选择的{label}“{upload.name}”未保存：请改正其他错误后重新选择该文件。"
                )

    def clean_isbn(self):
        try:
            return normalise_isbn(self.cleaned_data.get("isbn", ""))
        except InvalidISBN as error:
            raise forms.ValidationError(str(error)) from error

    def clean_editors(self):
        text = self.cleaned_data.get("editors", "")
        for separator in EDITOR_SEPARATORS:
            text = text.replace(separator, "、")
        return [name.strip() for name in text.split("、") if name.strip()]

    def clean_sample_file(self):
        return self._clean_pdf("sample_file")

    def clean_toc_file(self):
        return self._clean_pdf("toc_file")

    def _clean_pdf(self, name):
        upload = self.cleaned_data.get(name)
        if isinstance(upload, UploadedFile):
            check_pdf(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if getattr(self, "no_organisation", False):
            raise forms.ValidationError("您的账号未关联出版社，不能申报教材，请联系管理员。")
        if not self.instance.publisher_id and not cleaned.get("publisher"):
            self.add_error("publisher", "请选择出版社。")
        self._clean_courses(cleaned)
        return cleaned

    def _clean_courses(self, cleaned):
        programs = cleaned.get("programs")
        courses = cleaned.get("courses")
        if programs is None or courses is None:
            return
        chosen = {program.pk for program in programs}
        strays = [course for course in courses if course.program_id not in chosen]
        if strays:
            names = "、".join(f"{c.code} {c.name}（{c.program.code}）" for c in strays)
            self.add_error("courses", f"所选课程 {names} 不属于所选适用专业。")
        if courses and not cleaned.get("course"):
            cleaned["course"] = courses[0].name


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


class FormatCheckForm(forms.Form):
    outcome = forms.ChoiceField(
        label="形式审查结论",
        choices=[("pass", "通过，进入专家评审"), ("return", "退回修改")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="理由（退回时必填）", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "return" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "退回时请填写理由。")
        return cleaned


def _default_due():
    return timezone.localdate() + datetime.timedelta(days=settings.TEXTBOOK_REVIEW_DAYS)


class DueDateField(forms.DateField):
    def __init__(self, **kwargs):
        super().__init__(
            label="评审截止日期",
            initial=_default_due,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **kwargs,
        )

    def validate(self, value):
        super().validate(value)
        if value and value < timezone.localdate():
            raise forms.ValidationError("截止日期不能早于今天。")


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        organisation = f"（{user.organisation}）" if user.organisation_id else ""
        return f"{user}{organisation}"


def reviewer_queryset():
    return holders(REVIEWERS).order_by("username")


class AssignForm(forms.Form):
    reviewers = ReviewerChoiceField(
        label="评审专家", queryset=get_user_model().objects.none(), widget=forms.CheckboxSelectMultiple
    )
    due_date = DueDateField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewer_queryset()


class ReplaceForm(forms.Form):
    reviewer = forms.ModelChoiceField(label="接替的评审专家", queryset=get_user_model().objects.none())
    due_date = DueDateField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewer_queryset()


class RespondForm(forms.Form):
    accept = forms.ChoiceField(
        label="是否接受评审",
        choices=[("yes", "接受"), ("no", "谢绝")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="谢绝理由", required=False, max_length=300)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("accept") == "no" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "谢绝时请填写理由。")
        return cleaned


class ScoreForm(forms.Form):
    """One field per criterion of the assignment's rubric version (0 to its maximum), comments, a conclusion.

    A draft (`draft=True`, the 保存草稿 button) requires nothing but still checks each given score's range. The
    score inputs carry their weight and maximum for the live weighted total (template assignment.html).
    """

    def __init__(self, *args, criteria, draft=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name}（权重 {criterion.weight}%，满分 {criterion.max_score}）",
                min_value=0,
                max_value=criterion.max_score,
                help_text=criterion.description,
                widget=forms.NumberInput(
                    attrs={"data-weight": criterion.weight, "data-max": criterion.max_score, "data-score": ""}
                ),
                error_messages={
                    "required": f"请为“{criterion.name}”打分。",
                    "min_value": f"“{criterion.name}”的得分不能小于 0。",
                    "max_value": f"“{criterion.name}”的得分不能超过满分 {criterion.max_score}。",
                    "invalid": f"“{criterion.name}”的得分须为整数。",
                },
            )
        self.fields["comments"] = forms.CharField(label="评审意见", widget=forms.Textarea(attrs={"rows": 6}))
        self.fields["recommendation"] = forms.ChoiceField(
            label="评审结论", choices=Recommendation.choices, widget=forms.RadioSelect
        )
        if draft:
            for field in self.fields.values():
                field.required = False

    def scores(self):
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="审定结论", choices=CommitteeDecision.Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)


class ResolveObjectionForm(forms.Form):
    upheld = forms.ChoiceField(
        label="处理结论",
        choices=[("dismissed", "异议不成立"), ("upheld", "异议成立（退回委员会重新审定）")],
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(label="处理意见", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


class NewEditionForm(forms.Form):
    isbn = forms.CharField(label="新版 ISBN", max_length=20)

    def clean_isbn(self):
        try:
            isbn = normalise_isbn(self.cleaned_data["isbn"])
        except InvalidISBN as error:
            raise forms.ValidationError(str(error)) from error
        if Textbook.objects.filter(isbn=isbn).exists():
            raise forms.ValidationError(f"ISBN {isbn} 已被其他教材使用。")
        return isbn


class ConflictForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="出版社", queryset=Organisation.objects.filter(kind=Organisation.Kind.PUBLISHER), required=False
    )
    isbn = forms.CharField(label="教材 ISBN（与某一本教材冲突时填写）", required=False, max_length=20)
    reason = forms.CharField(label="利益冲突说明", max_length=300)

    def clean_isbn(self):
        """The normalised ISBN, never looked up: whether an application has it is not the reviewer's to learn."""
        text = self.cleaned_data.get("isbn", "").strip()
        if not text:
            return ""
        try:
            return normalise_isbn(text)
        except InvalidISBN as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and not cleaned.get("isbn") and not self.errors:
            raise forms.ValidationError("请选择出版社或填写教材 ISBN。")
        return cleaned


class ObjectionForm(forms.Form):
    """The public's written objection during 公示."""

    name = forms.CharField(
        label="姓名或单位", max_length=100, error_messages={"required": "请填写姓名或单位。"}
    )
    contact = forms.CharField(
        label="联系方式（电话或电子邮箱）", max_length=100, error_messages={"required": "请填写联系方式。"}
    )
    content = forms.CharField(
        label="异议内容及理由",
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=10,
        max_length=5000,
        error_messages={
            "required": "请填写异议内容。",
            "min_length": "异议内容过短，请写明具体问题和理由（至少 10 个字）。",
            "max_length": "异议内容过长（最多 5000 字）。",
        },
    )
