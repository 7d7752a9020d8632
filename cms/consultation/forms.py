"""The admin form that opens a consultation, and the public comment form."""

from django import forms
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page

from catalogue.models import Adjustment, Category
from catalogue.permissions import OPEN_STATUSES
from cms.users.roles import is_administrator
from standards.models import CourseStandardPage, TrainingStandardPage

from . import services
from .models import Comment, Consultation
from .permissions import consultable_categories, in_scope

PERIOD_FIELDS = ["title", "explanation", "opens_at", "closes_at"]


def standards_in_scope(user):
    """Training and course standards of the categories the user may open consultations for."""
    categories = consultable_categories(user)
    training = TrainingStandardPage.objects.filter(program__category__in=categories)
    course = CourseStandardPage.objects.filter(category__in=categories)
    if is_administrator(user):  # public course standards have no category: administrators' alone
        course = CourseStandardPage.objects.all()
    pks = [*training.values_list("pk", flat=True), *course.values_list("pk", flat=True)]
    return Page.objects.filter(pk__in=pks).order_by("title")


def adjustment_categories(adjustment):
    """The categories an adjustment touches: its old programs' and its new codes' (first two digits)."""
    codes = {program.category.code for program in adjustment.old_programs.select_related("category")}
    codes |= {code[:2] for code, _ in adjustment.new_entries}
    return Category.objects.filter(code__in=codes)


class PeriodForm(WagtailAdminModelForm):
    """Title, explanation and period: all that may change once a consultation is open."""

    class Meta:
        model = Consultation
        fields = PERIOD_FIELDS

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", "截止时间必须晚于开始时间。")
        elif closes_at and closes_at <= timezone.now() and "closes_at" in self.changed_data:
            self.add_error("closes_at", "截止时间不能早于当前时间。")
        return cleaned


class OpenConsultationForm(PeriodForm):
    """Opens a consultation on a standard's latest draft or on pending adjustments of one category."""

    standard = forms.ModelChoiceField(label="标准", queryset=Page.objects.none(), required=False)
    adjustment_set = forms.ModelMultipleChoiceField(
        label="待审批的动态调整",
        queryset=Adjustment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Consultation
        fields = ["subject", *PERIOD_FIELDS]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.user = for_user
        self.fields["standard"].queryset = standards_in_scope(for_user)
        self.fields["standard"].help_text = "以该标准当前最新的修订版本（含未发布草稿）作为征求意见稿。"
        self.fields["adjustment_set"].queryset = Adjustment.objects.filter(status__in=OPEN_STATUSES)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("subject") == Consultation.Subject.STANDARD:
            self._clean_standard(cleaned)
        elif cleaned.get("subject") == Consultation.Subject.ADJUSTMENTS:
            self._clean_adjustments(cleaned)
        return cleaned

    def _clean_standard(self, cleaned):
        page = cleaned.get("standard")
        if page is None:
            self.add_error("standard", "请选择要征求意见的标准。")
            return
        cleaned["category"] = page.specific.standard_category()
        if page.get_latest_revision() is None:
            self.add_error("standard", "该标准还没有可供征求意见的草稿版本，请先在编辑页保存草稿。")
        elif not in_scope(self.user, cleaned["category"]):
            self.add_error("standard", "您不是该标准所属专业大类的教学指导委员会委员，不能发起征求意见。")

    def _clean_adjustments(self, cleaned):
        adjustments = list(cleaned.get("adjustment_set") or [])
        if not adjustments:
            self.add_error("adjustment_set", "请至少选择一项待审批的动态调整。")
            return
        categories = set()
        for adjustment in adjustments:
            categories |= set(adjustment_categories(adjustment))
        if len(categories) != 1:
            self.add_error("adjustment_set", "所选动态调整须属于同一个专业大类，请按大类分别发起征求意见。")
            return
        cleaned["category"] = categories.pop()
        if not in_scope(self.user, cleaned["category"]):
            self.add_error("adjustment_set", "您不是该专业大类的教学指导委员会委员，不能发起征求意见。")

    def save(self, commit=True):
        data = self.cleaned_data
        return services.open_consultation(
            self.user,
            data["subject"],
            data["title"],
            data["explanation"],
            data["opens_at"],
            data["closes_at"],
            data["category"],
            page=data.get("standard"),
            adjustments=list(data.get("adjustment_set") or []),
        )


class ModerationForm(WagtailAdminModelForm):
    """Moderation sets the status only; the text stays as the public wrote it."""

    class Meta:
        model = Comment
        fields = ["status"]
        widgets = {"status": forms.RadioSelect}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.user = for_user

    def save(self, commit=True):
        return services.moderate(self.instance, self.user, self.cleaned_data["status"])


class CommentForm(forms.Form):
    """The public's comment: only the e-mail and the text are required; the e-mail is never shown."""

    name = forms.CharField(label="姓名（选填）", max_length=50, required=False)
    organisation = forms.CharField(label="单位（选填）", max_length=100, required=False)
    email = forms.EmailField(
        label="电子邮箱（必填，不公开）",
        max_length=254,
        error_messages={"required": "请填写电子邮箱。", "invalid": "请填写有效的电子邮箱地址。"},
    )
    section = forms.ChoiceField(label="涉及部分（选填）", required=False)
    text = forms.CharField(
        label="意见内容",
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=5,
        max_length=Comment.MAX_LENGTH,
        error_messages={
            "required": "请填写意见内容。",
            "min_length": "意见内容过短，请写明具体意见（至少 5 个字）。",
            "max_length": f"意见内容过长（最多 {Comment.MAX_LENGTH} 字）。",
        },
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "（不限）"), *consultation.section_choices()]
        self.fields["section"].error_messages["invalid_choice"] = "所选部分不在本征求意见稿中，请重新选择。"
