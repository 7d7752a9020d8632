"""Editor forms: a committee member can only pick programs and categories their committee is responsible for."""

from django import forms

from wagtail.admin.forms import WagtailAdminPageForm

from catalogue.models import Category, Program
from cms.users.roles import is_administrator


class StandardPageForm(WagtailAdminPageForm):
    """Narrows the program and category choices to the user's scope, and says why a choice is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or is_administrator(user):
            return
        if "program" in self.fields:
            self.fields["program"].queryset = Program.objects.editable_by(user)
        if "category" in self.fields:
            self.fields["category"].queryset = Category.objects.filter(committee_members=user)

    def clean_program(self):
        program = self.cleaned_data.get("program")
        if program is not None and self.for_user is not None and not is_administrator(self.for_user):
            if not program.category.committee_members.filter(pk=self.for_user.pk).exists():
                raise forms.ValidationError(
                    f"您不是「{program.category}」教学指导委员会委员，不能编写该专业的标准。"
                )
        return program
