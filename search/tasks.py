"""Background index updates (django-tasks: immediate in dev and tests, the database queue in production).

A failed update is first recorded as a `PendingUpdate` (so it is never lost, whatever happens to the queue), then
re-enqueued with a growing delay (`SEARCH_INDEX_RETRY_DELAYS`) when the backend can defer tasks; after the last
delay it stays pending and is redone by the next update that succeeds or by `search_rebuild --pending`. Nothing
here raises into the editor's save: the task runs after commit, and on the immediate backend a failure is only
recorded, never slept on.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from django_tasks import task

from . import indexing

logger = logging.getLogger(__name__)


@task()
def update_index(doc_type, object_ids, attempt=1):
    try:
        indexing.update(doc_type, object_ids)
    except Exception as error:
        _failed(doc_type, object_ids, attempt, error)
        return False
    try:
        indexing.retry_pending()
    except Exception:
        logger.exception("search: retrying pending updates failed")
    return True


def _failed(doc_type, object_ids, attempt, error):
    indexing.record_failure(doc_type, object_ids, error)
    delays = settings.SEARCH_INDEX_RETRY_DELAYS
    if attempt > len(delays) or not update_index.get_backend().supports_defer:
        logger.error(
            "search: index update of %s %s failed (attempt %s), left pending: %s",
            doc_type,
            object_ids,
            attempt,
            error,
        )
        return
    run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
    logger.warning(
        "search: index update of %s %s failed (attempt %s), retrying at %s: %s",
        doc_type,
        object_ids,
        attempt,
        run_after.isoformat(timespec="seconds"),
        error,
    )
    update_index.using(run_after=run_after).enqueue(doc_type, object_ids, attempt + 1)
