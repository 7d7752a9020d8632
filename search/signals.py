"""Signal receivers that make the index follow publication, connected in `SearchConfig.ready`.

Wagtail's `published` / `unpublished` (snippets with drafts) and `page_published` / `page_unpublished` (standards
pages), plus post_save / post_delete for status changes outside a publish (retire a program, withdraw a title).
Every receiver only schedules `indexing.update` after commit (`search.scheduling`): the update itself decides, from the declaration's
`indexable()`, whether the object belongs in the index.
"""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished, published, unpublished

from . import documents, scheduling, synonyms


def _schedule_for(instance):
    declaration = documents.for_model(type(instance))
    if declaration is not None and instance.pk is not None:
        scheduling.schedule(declaration.doc_type, [instance.pk])


def on_change(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata (a restore) rebuilds the index once at the end
        return
    _schedule_for(instance)


def on_delete(sender, instance, **kwargs):
    declaration = documents.for_model(type(instance))
    if declaration is not None:
        scheduling.schedule(declaration.doc_type, [instance.pk])


def on_program_change(sender, instance, raw=False, **kwargs):
    """A renamed program changes how its textbooks are found: reindex them too."""
    if raw:
        return
    _schedule_for(instance)
    if "textbook" in documents.registry() and instance.pk:
        ids = list(instance.textbooks.values_list("pk", flat=True))
        if ids:
            scheduling.schedule("textbook", ids)


def connect():
    from .models import Synonym

    registry = documents.registry()
    for doc_type, declaration in registry.items():
        model = declaration.model()
        receiver = on_program_change if doc_type == "program" else on_change
        post_save.connect(receiver, sender=model, dispatch_uid=f"search-save-{doc_type}")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"search-delete-{doc_type}")
    published.connect(on_change, dispatch_uid="search-published")
    unpublished.connect(on_change, dispatch_uid="search-unpublished")
    page_published.connect(on_change, dispatch_uid="search-page-published")
    page_unpublished.connect(on_change, dispatch_uid="search-page-unpublished")
    post_save.connect(synonyms.invalidate, sender=Synonym, dispatch_uid="search-synonym-save")
    post_delete.connect(synonyms.invalidate, sender=Synonym, dispatch_uid="search-synonym-delete")
