"""Editions: program counts in the listing, the recorded revision and the programs in the inspect view."""

from django.db.models import Count

from .base import EMPTY, ScopedEditView, ScopedIndexView, ScopedInspectView, local_time


class EditionIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(program_count=Count("programs"))


class EditionInspectView(ScopedInspectView):
    template_name = "catalogue/admin/edition_inspect.html"
    extra_labels = {"program_count": "现行专业数", "adjustments": "本版本批准的动态调整"}

    def get_program_count_display_value(self):
        return self.object.programs.count()

    def get_revision_display_value(self):
        revision = self.object.revision
        if revision is None:
            return EMPTY
        parts = [local_time(revision.date_created), str(revision.user or ""), revision.comment]
        return "，".join(part for part in parts if part)

    def get_adjustments_display_value(self):
        return "、".join(self.object.adjustments.order_by("reference").values_list("reference", flat=True))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programs"] = self.object.programs.select_related("category").order_by("code")
        return context


class EditionEditView(ScopedEditView):
    pass
