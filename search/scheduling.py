"""Scheduling index updates: collect what changed in a transaction, enqueue one task per document type on commit.

Calls go one way: `signals` → `scheduling` → `tasks` → `indexing`. `indexing` imports none of the modules above
it, so the task module can import it at module level and nothing imports back.
"""

import logging
import threading

from django.db import transaction

from . import indexing, tasks
from .models import PendingUpdate

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
    ids = {str(i) for i in object_ids}
    batch.setdefault(doc_type, set()).update(ids)
    _record_intent(doc_type, ids)
    transaction.on_commit(flush)


def _record_intent(doc_type, ids):
    """Write what needs indexing in the same transaction as the change (an outbox).

    The commit callback and the task run after the commit: a process that dies in between (a crash after an
    import commits) would otherwise leave the index silently stale. The rows commit or roll back with the data;
    a successful update deletes them, and any later update, `search_rebuild --pending`, or the next run of an
    import redoes what is left.
    """
    try:
        with transaction.atomic():
            PendingUpdate.objects.bulk_create(
                [PendingUpdate(doc_type=doc_type, object_id=i, error="") for i in ids], ignore_conflicts=True
            )
    except Exception:
        logger.exception("search: could not record the pending update of %s %s", doc_type, sorted(ids))


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


def finish_pending():
    """Index now whatever is recorded as pending (after this transaction commits); never raise into the caller."""

    def run():
        try:
            indexing.retry_pending()
        except Exception:
            logger.exception("search: pending index updates could not be finished; search_rebuild --pending")

    transaction.on_commit(run)
