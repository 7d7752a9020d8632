"""Indexed documents kept decoded between searches, each checked against its row before it is used again.

Ranking reads the stored data of every candidate (up to `service.RERANK`, 300): loading and decoding those rows
took 8 of the 17 ms of a two-term query at 1,500 titles. A search now reads only the candidates' ids and
`indexed_at`, which every write of a document renews (`engines.storage`), and decodes the rows that changed or
were never seen. So a cached document is never staler than its row, in this process or after another one wrote
it; a rebuild that reuses an id writes a new `indexed_at` with it.
"""

import threading

from django.db import connection

from .models import SearchDocument

DOC_TABLE = SearchDocument._meta.db_table
# A textbook's decoded document takes about 7 KB (tracemalloc): some 30 MB per process when full.
SIZE = 4000

_entries = {}  # id → (indexed_at as stored, document), oldest first
_lock = threading.Lock()


def documents(ids):
    """{id: SearchDocument} of the ids still indexed, with their stored data decoded."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, indexed_at FROM {DOC_TABLE} WHERE id IN ({', '.join(['%s'] * len(ids))})", ids
        )
        versions = dict(cursor.fetchall())
    found, stale = {}, []
    for doc_id, version in versions.items():
        entry = _entries.get(doc_id)
        if entry is not None and entry[0] == version:
            found[doc_id] = entry[1]
        else:
            stale.append(doc_id)
    if stale:
        loaded = SearchDocument.objects.filter(pk__in=stale)
        with _lock:
            for doc in loaded:
                found[doc.pk] = doc
                # The version read before the row: if the row changed in between, the next search reloads it.
                _entries.pop(doc.pk, None)
                _entries[doc.pk] = (versions[doc.pk], doc)
            while len(_entries) > SIZE:
                del _entries[next(iter(_entries))]
    return found


def clear():
    """Forget every document: the next search decodes its candidates again (what the benchmark's memory pass
    measures)."""
    with _lock:
        _entries.clear()
