"""Signal receivers that make the index follow publication, connected in `SearchConfig.ready`.

Wagtail's `published` / `unpublished` (snippets with drafts) and `page_published` / `page_unpublished` (standards
pages), plus post_save / post_delete for status changes outside a publish (retire a program, withdraw a title),
and Wagtail's `post_page_move` / `page_slug_changed`, which change the URL of a page and of every page below it.
Every receiver only schedules `indexing.update` after commit (`search.scheduling`): the update itself decides,
from the declaration's `indexable()`, whether the object belongs in the index.
"""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from catalogue.tabular import import_finished

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


def on_page_move(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    """A page moved elsewhere in the tree: its URL and those of every page below it changed."""
    if url_path_before != url_path_after:  # not a reorder among siblings
        _schedule_subtree(instance)


def on_slug_change(sender, instance, **kwargs):
    """A slug changed (sent after commit): the URLs of the page and every page below it changed."""
    _schedule_subtree(instance)


def _schedule_subtree(page):
    """Reindex the indexed pages at or below `page` (a standards index page renamed moves every standard)."""
    for doc_type, declaration in documents.registry().items():
        if issubclass(declaration.model(), Page):
            below = declaration.indexable().descendant_of(page, inclusive=True)
            ids = list(below.values_list("pk", flat=True))
            if ids:
                scheduling.schedule(doc_type, ids)


def on_import_finished(sender, **kwargs):
    """An import run (a first one, or a re-run after a crash) ends with no index update left pending."""
    scheduling.finish_pending()


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
    post_page_move.connect(on_page_move, dispatch_uid="search-page-move")
    page_slug_changed.connect(on_slug_change, dispatch_uid="search-page-slug-changed")
    import_finished.connect(on_import_finished, dispatch_uid="search-import-finished")
    post_save.connect(synonyms.invalidate, sender=Synonym, dispatch_uid="search-synonym-save")
    post_delete.connect(synonyms.invalidate, sender=Synonym, dispatch_uid="search-synonym-delete")
