"""Background index updates (django-tasks: immediate in tests, a queue in deployments that configure one).

A failed update is retried a few times with a short pause, then recorded as pending and retried by the next
update that succeeds; it never propagates to the editor who saved, because the task runs after commit.
"""

import logging
import time

from django_tasks import task

from . import indexing

logger = logging.getLogger(__name__)
ATTEMPTS = 3


@task()
def update_index(doc_type, object_ids):
    for attempt in range(1, ATTEMPTS + 1):
        try:
            indexing.update(doc_type, object_ids)
            break
        except Exception as error:
            logger.warning("search: index update failed (attempt %s): %s", attempt, error)
            if attempt == ATTEMPTS:
                indexing.record_failure(doc_type, object_ids, error)
                return False
            time.sleep(0.2 * attempt)
    try:
        indexing.retry_pending()
    except Exception:
        logger.exception("search: retrying pending updates failed")
    return True
