"""The rows every engine writes beside its own index: one `SearchDocument` per document and its facet values.

Ranking, highlighting, result pages and facet labels read these rows, so they are the same whichever engine
answered the query. Both engines call `store` from `index`; nothing here knows about an engine.
"""

from django.db import transaction
from django.utils import timezone

from ..models import FacetValue, SearchDocument

FIELDS = ("key", "title", "url", "sort_key", "year", "data")


def store(prepared_list, data_for):
    """Upsert the rows of a batch and replace their facet values, in one transaction; the rows in batch order."""
    if not prepared_list:
        return []
    with transaction.atomic():
        docs = upsert_documents(prepared_list, data_for)
        FacetValue.objects.filter(document__in=docs).delete()
        FacetValue.objects.bulk_create(
            FacetValue(document=doc, facet=f, value=v[:60], label=label[:200])
            for doc, prepared in zip(docs, prepared_list, strict=True)
            for f, v, label in prepared.facets
        )
    return docs


def upsert_documents(prepared_list, data_for):
    """`SearchDocument` rows for a batch, in its order: one query to find, one to insert, one to update."""
    ids = [p.object_id for p in prepared_list]
    existing = {
        (doc.doc_type, doc.object_id): doc
        for doc in SearchDocument.objects.filter(
            doc_type__in={p.doc_type for p in prepared_list}, object_id__in=ids
        )
    }
    now = timezone.now()
    docs, new, changed = [], [], []
    for prepared in prepared_list:
        values = {
            "key": prepared.key,
            "title": prepared.title[:300],
            "url": prepared.url,
            "sort_key": prepared.sort_key,
            "year": prepared.year,
            "data": data_for(prepared),
        }
        doc = existing.get((prepared.doc_type, prepared.object_id))
        if doc is None:
            doc = SearchDocument(doc_type=prepared.doc_type, object_id=prepared.object_id, **values)
            new.append(doc)
        else:
            for name, value in {**values, "indexed_at": now}.items():
                setattr(doc, name, value)
            changed.append(doc)
        docs.append(doc)
    SearchDocument.objects.bulk_create(new)
    if changed:
        SearchDocument.objects.bulk_update(changed, [*FIELDS, "indexed_at"])
    return docs
