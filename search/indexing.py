"""Keeping the index in step with publication: update one object, rebuild everything, retry what failed.

An object is (re)indexed only if its declaration's `indexable()` queryset still contains it (live, listed, …);
otherwise its document is removed. So the same call handles publish, unpublish, retire, status changes and
delete, and a draft or a submission under review can never reach the index.
"""

from . import documents
from .engines import create_engine, get_engine
from .models import PendingUpdate
from .tokens import stored_data

CHUNK = 1000  # rows per transaction of a rebuild: each commit is a disk flush


def update(doc_type, object_ids, engine=None):
    """Index the objects that are public and delete the documents of those that are not (or no longer exist)."""
    declaration = documents.get(doc_type)
    engine = engine or get_engine()
    object_ids = [str(i) for i in object_ids]
    public = list(declaration.indexable().filter(pk__in=object_ids))
    engine.index(declaration, declaration.prepare_batch(public), lambda p: stored_data(declaration, p))
    gone = set(object_ids) - {str(obj.pk) for obj in public}
    if gone:
        engine.delete(doc_type, sorted(gone))
    PendingUpdate.objects.filter(doc_type=doc_type, object_id__in=object_ids).delete()


def rebuild(progress=None, engine=None):
    """Everything from scratch, declaration by declaration, in chunks; `progress(n)` is called per chunk.

    The rebuild runs on an engine of its own, never the process's shared one, so threads searching and updating
    meanwhile keep writing to the index in service whatever happens here."""
    engine = engine or create_engine()
    engine.begin_rebuild()
    total = 0
    try:
        for declaration in documents.registry().values():
            queryset = declaration.indexable().order_by("pk")
            batch = []
            for obj in queryset.iterator(chunk_size=CHUNK):
                batch.append(obj)
                if len(batch) >= CHUNK:
                    total += _flush(engine, declaration, batch, progress)
            total += _flush(engine, declaration, batch, progress)
    except BaseException:
        engine.abort_rebuild()
        raise
    engine.finish_rebuild()
    PendingUpdate.objects.all().delete()
    return total


def _flush(engine, declaration, batch, progress):
    count = len(batch)
    if count:
        engine.index(declaration, declaration.prepare_batch(batch), lambda p: stored_data(declaration, p))
        if progress:
            progress(count)
        batch.clear()
    return count


def count_indexable():
    return sum(declaration.indexable().count() for declaration in documents.registry().values())


def record_failure(doc_type, object_ids, error):
    """Remember updates that failed after retries, so the next update or `search_rebuild --pending` redoes them."""
    for object_id in object_ids:
        pending, _ = PendingUpdate.objects.get_or_create(doc_type=doc_type, object_id=str(object_id))
        pending.attempts += 1
        pending.error = str(error)[:2000]
        pending.save()


def retry_pending(engine=None):
    """Redo every failed update; returns how many objects were retried."""
    pending = list(PendingUpdate.objects.values_list("doc_type", "object_id"))
    by_type = {}
    for doc_type, object_id in pending:
        by_type.setdefault(doc_type, []).append(object_id)
    for doc_type, ids in by_type.items():
        if doc_type in documents.registry():
            update(doc_type, ids, engine=engine)
    return len(pending)
