"""Admin forms for the register: the program's change comment, the committee scope of proposals, decisions."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from cms.users.roles import COMMITTEE_MEMBERS, in_role

from .models import Edition, Program
from .permissions import catalogue_scope, scoped_categories


class LinesField(forms.CharField):
    """A list kept in a JSONField, edited as one item per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "每行一项。")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


class ProgramForm(WagtailAdminModelForm):
    """Code and category are the program's identity: fixed once created (renames and upgrades keep them)."""

    occupations = LinesField(label="对应职业（工种）")
    core_courses = LinesField(label="核心一体化课程")
    change_comment = forms.CharField(
        label="修改说明",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="说明本次修改的内容和依据，记入专业的历史版本。",
        error_messages={"required": "请填写修改说明。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("code", "category"):
                if name in self.fields:
                    self.fields[name].disabled = True
        else:
            self.fields["change_comment"].initial = "新建专业"

    def clean(self):
        cleaned = super().clean()
        code, category = cleaned.get("code"), cleaned.get("category")
        if not self.instance.pk and code and category and not code.startswith(category.code):
            self.add_error("code", f"专业代码 {code} 的前两位应为所属专业大类的代码 {category.code}。")
        return cleaned


class CategoryForm(WagtailAdminModelForm):
    """Committee members are chosen among the users in the committee role (and whoever is listed already)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "code" in self.fields:
            self.fields["code"].disabled = True
        members = self.fields.get("committee_members")
        if members is not None:
            current = Q(committee_categories=self.instance) if self.instance.pk else Q(pk__in=[])
            members.queryset = (
                get_user_model()
                .objects.filter(in_role(COMMITTEE_MEMBERS) | current)
                .distinct()
                .order_by("username")
            )
            members.widget = forms.CheckboxSelectMultiple()
            members.widget.choices = members.choices
            members.label_from_instance = lambda user: f"{user}（{user.username}）"
            members.help_text = "只有“教学指导委员会委员”角色的用户可以选择；委员只能修改本大类的专业。"


class AdjustmentForm(WagtailAdminModelForm):
    """A proposal; a committee member's may touch only the categories they sit on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        old = self.fields.get("old_programs")
        if old is not None:
            chosen = Q(adjustments_from=self.instance) if self.instance.pk else Q(pk__in=[])
            old.queryset = Program.objects.filter(Q(status=Program.Status.IN_FORCE) | chosen).distinct()
            old.label_from_instance = lambda program: f"{program.code} {program.name}"
            old.widget.attrs.setdefault("size", 12)
            old.help_text = "新增不填；更名、升级改造、拆分填 1 个；合并填 2 个以上；撤销填 1 个以上。"

    def clean(self):
        cleaned = super().clean()
        for message in self.scope_problems(cleaned.get("old_programs") or [], self.target_codes()):
            self.add_error(None, message)
        return cleaned

    def target_codes(self):
        formset = self.formsets.get("targets")
        if formset is None or not formset.is_valid():
            return []
        return [
            form.cleaned_data["code"]
            for form in formset.forms
            if form.cleaned_data.get("code") and not form.cleaned_data.get("DELETE")
        ]

    def scope_problems(self, old_programs, new_codes):
        user = self.for_user
        if user is None or catalogue_scope(user).administrator:
            return []
        allowed = {category.code: category for category in scoped_categories(user)}
        if not allowed:
            return ["您不是任何专业大类的教学指导委员会委员，不能提出动态调整。"]
        mine = "、".join(str(category) for category in allowed.values())
        problems = [
            f"原专业 {program.code}（{program.name}）属于 {program.category}，不在您负责的专业大类（{mine}）之内。"
            for program in old_programs
            if program.category.code not in allowed
        ]
        problems += [
            f"新专业代码 {code} 属于 {code[:2]} 大类，不在您负责的专业大类（{mine}）之内。"
            for code in new_codes
            if code[:2] not in allowed
        ]
        return problems


class ApproveForm(forms.Form):
    """Approval is a confirmation: the proposal joins the next edition, published later as a whole."""


class PublishEditionForm(forms.Form):
    name = forms.CharField(
        label="版本名称",
        max_length=50,
        help_text="发布后公开显示的版本名称，如 2026。",
        error_messages={"required": "请填写版本名称。"},
    )
    effective_date = forms.DateField(
        label="施行日期",
        widget=AdminDateInput,
        error_messages={"required": "请填写施行日期。", "invalid": "施行日期应为 YYYY-MM-DD 格式的日期。"},
    )
    notes = forms.CharField(
        label="发布说明",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="说明本版本的主要变化，显示在公开的目录版本列表中。",
        error_messages={"required": "请填写发布说明。"},
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["effective_date"].initial = edition.effective_date
        self.fields["name"].initial = str(edition.effective_date.year)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Edition.objects.exclude(pk=self.edition.pk).filter(name=name).exists():
            raise forms.ValidationError(f"版本名称“{name}”已被其他目录版本使用。")
        return name

    def clean_effective_date(self):
        effective = self.cleaned_data["effective_date"]
        latest = Edition.objects.published().order_by("-effective_date").first()
        if latest is not None and effective < latest.effective_date:
            raise forms.ValidationError(
                f"施行日期不能早于现行版本“{latest.name}”的施行日期 {latest.effective_date:%Y-%m-%d}。"
            )
        return effective

    def clean_notes(self):
        notes = self.cleaned_data["notes"].strip()
        if not notes:
            raise forms.ValidationError("请填写发布说明。")
        return notes


class RejectForm(forms.Form):
    decision_note = forms.CharField(
        label="退回理由",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="将记入审批意见，提出人可据此修改后重新提交。",
        error_messages={"required": "请填写退回理由。"},
    )
