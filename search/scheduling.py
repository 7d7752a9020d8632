"""Scheduling index updates: collect what changed in a transaction, enqueue one task per document type on commit.

Calls go one way: `signals` → `scheduling` → `tasks` → `indexing`. `indexing` imports none of the modules above
it, so the task module can import it at module level and nothing imports back.
"""

import logging
import threading

from django.db import transaction

from . import indexing, tasks

logger = logging.getLogger(__name__)
BATCH = 500

_pending = threading.local()


def schedule(doc_type, object_ids):
    """After the current transaction commits, enqueue the update as a background task; never raise into a save.

    Objects scheduled in one transaction (an import of 1,500 titles) are collected: the first commit callback
    sends them as one task per document type and the others find nothing left to send. Updates read the
    database, so an id left over from a rolled-back transaction only causes a harmless no-op update.
    """
    batch = getattr(_pending, "batch", None)
    if batch is None:
        batch = _pending.batch = {}
    batch.setdefault(doc_type, set()).update(str(i) for i in object_ids)
    transaction.on_commit(flush)


def flush():
    """Enqueue everything collected so far (the commit callback; tests call it to send leftovers now)."""
    batch, _pending.batch = getattr(_pending, "batch", None) or {}, None
    for doc_type, ids in batch.items():
        ids = sorted(ids)
        for start in range(0, len(ids), BATCH):
            _enqueue(doc_type, ids[start : start + BATCH])


def _enqueue(doc_type, ids):
    try:
        tasks.update_index.enqueue(doc_type, ids)
    except Exception:
        logger.exception("search: could not enqueue index update for %s %s", doc_type, ids)
        try:
            indexing.record_failure(doc_type, ids, "enqueue failed")
        except Exception:
            logger.exception("search: could not record the failed update")
