"""Editor forms: committee members and program groups can only pick programs and categories in their scope."""

from django import forms
from django.conf import settings

from wagtail.admin.forms import WagtailAdminPageForm

from catalogue.models import Category
from cms.text import validate_no_control_characters
from cms.users.roles import is_administrator

from .permissions import draftable_programs


class StandardPageForm(WagtailAdminPageForm):
    """Narrows the program and category choices to the user's scope, and says why a choice is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or is_administrator(user):
            return
        if "program" in self.fields:
            self.fields["program"].queryset = draftable_programs(user)
        if "category" in self.fields:
            self.fields["category"].queryset = Category.objects.filter(committee_members=user)

    def clean_title(self):
        title = self.cleaned_data.get("title", "")
        validate_no_control_characters(title)
        return title

    def clean_program(self):
        program = self.cleaned_data.get("program")
        if program is not None and self.for_user is not None and not is_administrator(self.for_user):
            if not draftable_programs(self.for_user).filter(pk=program.pk).exists():
                raise forms.ValidationError(
                    f"您不是「{program.category}」教学指导委员会委员，也不在该专业的专业组中，不能编写该专业的标准。"
                )
        return program

    def clean(self):
        cleaned = super().clean()
        limit = settings.STANDARD_MAX_CHARACTERS
        for name, value in cleaned.items():
            if isinstance(value, str) and len(value) > limit:
                self.add_error(name, f"内容有 {len(value)} 个字符，超过上限 {limit} 个字符，请精简或拆分。")
        user = self.for_user
        if "kind" in self.fields and user is not None and not is_administrator(user):
            category = cleaned.get("category")
            if category is None:
                self.add_error(
                    "category", "公共课课程标准由管理员编写；请选择您所在教学指导委员会的专业大类。"
                )
            elif not category.committee_members.filter(pk=user.pk).exists():
                self.add_error("category", f"您不是「{category}」教学指导委员会委员。")
        return cleaned
