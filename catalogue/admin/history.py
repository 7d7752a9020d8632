"""A program's recorded versions, what changed in each, and restoring one (administrators only).

Restoring is two steps: a confirmation page shows, field by field, what the program would become and asks for a
reason; only the POST with a reason writes, and the reason is the new revision's comment in the history.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib.admin.utils import quote
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

import reversion

from ..models import Category, Program
from ..versioning import program_versions
from .base import EMPTY, local_time

# Identity (code, category) never changes, and retirement belongs to adjustments (with successions and the
# edition), so restoring an old version leaves these fields as they are.
REVERT_KEEPS = frozenset({"id", "code", "category", "status", "retired_on", "retirement_reason"})


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class VersionRow:
    version: object
    changes: list[Change] = field(default_factory=list)
    first: bool = False
    revert_url: str | None = None

    @property
    def revision(self):
        return self.version.revision

    @property
    def when(self):
        return version_time(self.version)


def version_time(version):
    return local_time(version.revision.date_created)


def version_rows(program):
    """The program's versions, newest first, each with the fields that differ from the version before it."""
    versions = list(program_versions(program))
    categories = {c.pk: str(c) for c in Category.objects.all()}
    rows = []
    for index, version in enumerate(versions):
        older = versions[index + 1] if index + 1 < len(versions) else None
        changes = _changes(older.field_dict if older else {}, version.field_dict, categories)
        rows.append(VersionRow(version, changes, first=older is None))
    return rows


def _changes(before, after, categories):
    changes = []
    for model_field in Program._meta.concrete_fields:
        if model_field.primary_key:
            continue
        old, new = before.get(model_field.attname), after.get(model_field.attname)
        if before and old == new:
            continue
        if not before and new in (None, "", [], False):
            continue
        changes.append(
            Change(
                str(model_field.verbose_name),
                _display(model_field, old, categories) if before else "",
                _display(model_field, new, categories),
            )
        )
    return changes


def _display(model_field, value, categories):
    if value is None or value == "" or value == []:
        return EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if model_field.name == "category":
        return categories.get(value, str(value))
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return str(value)


def _revertable_fields():
    return [f for f in Program._meta.concrete_fields if f.name not in REVERT_KEEPS]


def revert_changes(program, version):
    """What restoring the version would change: field by field, the program as it stands → the version's value."""
    fields = version.field_dict
    current = {f.attname: f.value_from_object(program) for f in _revertable_fields() if f.attname in fields}
    restored = {attname: fields[attname] for attname in current}
    categories = {c.pk: str(c) for c in Category.objects.all()}
    return _changes(current, restored, categories) if current else []


def revert_program(program, version, user, reason):
    """Restore the version's fields (all but REVERT_KEEPS) as a new revision whose comment gives the reason."""
    when = version_time(version)
    fields = version.field_dict
    with transaction.atomic(), reversion.create_revision():
        for model_field in _revertable_fields():
            if model_field.attname in fields:
                setattr(program, model_field.attname, fields[model_field.attname])
        program.save()
        reversion.set_user(user)
        reversion.set_comment(f"恢复到 {when} 的版本：{reason}")
    return when


class ProgramObjectView(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """Shared set-up of the program's custom pages: the object, breadcrumbs and URL names."""

    model = Program
    index_url_name = None
    inspect_url_name = None
    history_url_name = None
    revert_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Program, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": Program._meta.verbose_name_plural},
            {"url": reverse(self.inspect_url_name, args=(quote(self.object.pk),)), "label": str(self.object)},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.object)},
        ]

    def get_history_url(self):
        return reverse(self.history_url_name, args=(quote(self.object.pk),))


class ProgramHistoryView(ProgramObjectView, TemplateView):
    any_permission_required = ["view", "change"]
    template_name = "catalogue/admin/program_history.html"
    page_title = "历史版本"
    header_icon = "history"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_revert = self.user_has_permission("revert")
        rows = version_rows(self.object)
        if can_revert:
            for row in rows[1:]:  # the newest version is the program as it stands
                row.revert_url = reverse(self.revert_url_name, args=(quote(self.object.pk), row.version.pk))
        context.update(object=self.object, rows=rows, can_revert=can_revert, kept_fields=_kept_labels())
        return context


def _kept_labels():
    return "、".join(
        str(f.verbose_name)
        for f in Program._meta.concrete_fields
        if f.name in REVERT_KEEPS and f.name != "id"
    )


class RevertForm(forms.Form):
    reason = forms.CharField(
        label="恢复原因",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="记入历史版本的说明，例如为何撤销之后的修改。",
        error_messages={"required": "请填写恢复原因。"},
    )


class ProgramRevertView(ProgramObjectView, FormView):
    """GET: what restoring the version changes, and a reason to give; POST with a reason: restore it."""

    permission_required = "revert"
    form_class = RevertForm
    template_name = "catalogue/admin/program_revert.html"
    page_title = "恢复到此版本"
    header_icon = "history"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.version = get_object_or_404(program_versions(self.object), pk=kwargs["version_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            when=version_time(self.version),
            changes=revert_changes(self.object, self.version),
            kept_fields=_kept_labels(),
            cancel_url=self.get_history_url(),
        )
        return context

    def form_invalid(self, form):
        messages.error(self.request, "未恢复：请填写恢复原因。")
        return super().form_invalid(form)

    def form_valid(self, form):
        when = revert_program(self.object, self.version, self.request.user, form.cleaned_data["reason"])
        messages.success(self.request, f"专业“{self.object}”已恢复到 {when} 的版本。")
        return redirect(self.get_history_url())
