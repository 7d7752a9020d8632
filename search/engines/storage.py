"""The rows every engine writes beside its own index: one `SearchDocument` per document and its facet values.

Ranking, highlighting, result pages and facet labels read these rows, so they are the same whichever engine
answered the query. Both engines call `store` from `index`; nothing here knows about an engine.
"""

from django.db import connection, transaction
from django.utils import timezone

from ..models import FacetValue, SearchDocument

FIELDS = ("key", "title", "url", "sort_key", "year", "data", "title_pinyin", "indexed_at")
DOC_TABLE = SearchDocument._meta.db_table
FACET_TABLE = FacetValue._meta.db_table


def store(prepared_list, data_for):
    """Upsert the rows of a batch and replace their facet values, in one transaction; the row ids in batch order.

    Plain statements, not model instances: a rebuild writes a row and ~8 facet values per document, and building
    that many instances (and their INSERTs) cost more than everything else the rebuild does."""
    if not prepared_list:
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        ids = upsert_documents(cursor, prepared_list, data_for)
        cursor.executemany(f"DELETE FROM {FACET_TABLE} WHERE document_id = %s", [[doc_id] for doc_id in ids])
        cursor.executemany(
            f"INSERT INTO {FACET_TABLE} (document_id, facet, value, label) VALUES (%s, %s, %s, %s)",
            [
                [doc_id, facet, value[:60], label[:200]]
                for doc_id, prepared in zip(ids, prepared_list, strict=True)
                for facet, value, label in prepared.facets
            ],
        )
    return ids


def upsert_documents(cursor, prepared_list, data_for):
    """The `SearchDocument` rows of a batch written (inserted or updated); their ids in batch order."""
    existing = _ids(prepared_list)
    data_field = SearchDocument._meta.get_field("data")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    new, changed = [], []
    for prepared in prepared_list:
        data = data_for(prepared)
        values = [
            prepared.key,
            prepared.title[:300],
            prepared.url,
            prepared.sort_key,
            prepared.year,
            data_field.get_db_prep_value(data, connection),
            data.get("py", {}).get("title", "")[:1200],
            now,
        ]
        doc_id = existing.get((prepared.doc_type, prepared.object_id))
        if doc_id is None:
            new.append([prepared.doc_type, prepared.object_id, *values])
        else:
            changed.append([*values, doc_id])
    columns = ", ".join(FIELDS)
    if new:
        cursor.executemany(
            f"INSERT INTO {DOC_TABLE} (doc_type, object_id, {columns}) VALUES ({', '.join(['%s'] * (len(FIELDS) + 2))})",
            new,
        )
        existing = _ids(prepared_list)
    if changed:
        assignments = ", ".join(f"{name} = %s" for name in FIELDS)
        cursor.executemany(f"UPDATE {DOC_TABLE} SET {assignments} WHERE id = %s", changed)
    return [existing[(prepared.doc_type, prepared.object_id)] for prepared in prepared_list]


def _ids(prepared_list):
    rows = SearchDocument.objects.filter(
        doc_type__in={p.doc_type for p in prepared_list}, object_id__in=[p.object_id for p in prepared_list]
    ).values_list("doc_type", "object_id", "pk")
    return {(doc_type, object_id): pk for doc_type, object_id, pk in rows}


def clear():
    """Every row and facet value, in two statements (a rebuild starts from nothing)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FACET_TABLE}")
        cursor.execute(f"DELETE FROM {DOC_TABLE}")
