"""Index updates on the database task queue (django-tasks-db): a failure is queued for retry, never lost.

The fault is real: the embedded engine's full-text table is renamed away, so every write to it fails in the
database, as when the index is unavailable. The worker is the real `db_worker` command, run in-process for a
bounded batch.
"""

import os
import subprocess
import sys
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

import pytest
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from search import scheduling
from search.engines.embedded import FTS_TABLE, PG_TABLE
from search.models import PendingUpdate, SearchDocument
from search.service import TextbookSearch

pytestmark = pytest.mark.django_db
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(corpus, monkeypatch):
    # Updates scheduled while the corpus was built wait for a commit that a test transaction never makes: send
    # them now (immediate backend) so the queue holds only what the test does.
    scheduling.flush()
    # The worker closes "old" connections between tasks; inside a test's transaction that would drop it, which is
    # why Django's own test client disconnects the same function from its request signals.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    with override_settings(TASKS=DATABASE_QUEUE, SEARCH_INDEX_RETRY_DELAYS=[60, 600]):
        yield


def index_table():
    return PG_TABLE if connection.vendor == "postgresql" else FTS_TABLE


def rename(old, new):
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {old} RENAME TO {new}")


def ours():
    """The search app's tasks (Wagtail queues its own reference-index and search tasks on the same queue)."""
    return DBTaskResult.objects.filter(task_path="search.tasks.update_index")


def run_worker(max_tasks=10):
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--interval=0",
        f"--max-tasks={max_tasks}",
        verbosity=0,
    )


def test_a_failed_update_is_requeued_with_backoff_and_indexed_once_the_fault_is_gone(
    corpus, queue, django_capture_on_commit_callbacks
):
    book = corpus["books"]["9787516700003"]
    rename(index_table(), "search_index_away")
    book.title = "汽车电器维修（第二版）"
    with django_capture_on_commit_callbacks(execute=True):
        book.save()
    assert type(book).objects.get(pk=book.pk).title == "汽车电器维修（第二版）", "the editor's save succeeded"
    assert ours().ready().count() == 1, "the update waits on the queue"

    run_worker()
    failed = ours().get(status="SUCCESSFUL")
    retry = ours().get(status="READY")
    assert retry.args_kwargs["args"][2] == 2, "second attempt"
    assert retry.run_after > timezone.now() + timedelta(seconds=50), "after the first back-off delay"
    assert failed.return_value is False
    pending = PendingUpdate.objects.get(doc_type="textbook", object_id=str(book.pk))
    assert pending.attempts == 1 and pending.error
    assert SearchDocument.objects.get(key=book.isbn).title == "汽车电器维修"

    rename("search_index_away", index_table())
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # the back-off has elapsed
    run_worker()
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    assert not PendingUpdate.objects.exists()
    assert [hit.doc.title for hit in TextbookSearch("第二版").execute().hits] == ["汽车电器维修（第二版）"]


def test_after_the_last_attempt_the_update_stays_pending_and_the_next_success_redoes_it(
    corpus, queue, django_capture_on_commit_callbacks
):
    book, other = corpus["books"]["9787516700003"], corpus["books"]["9787516700004"]
    rename(index_table(), "search_index_away")
    book.title = "汽车电器维修（第三版）"
    with django_capture_on_commit_callbacks(execute=True):
        book.save()
    for _attempt in range(3):
        ours().filter(status="READY").update(run_after=timezone.now())
        run_worker()
    assert not ours().ready().exists() and ours().count() == 3
    assert PendingUpdate.objects.get(object_id=str(book.pk)).attempts == 3

    rename("search_index_away", index_table())
    other.title = "汽车底盘构造（新版）"
    with django_capture_on_commit_callbacks(execute=True):
        other.save()
    run_worker()
    assert not PendingUpdate.objects.exists()
    assert SearchDocument.objects.get(key=book.isbn).title == "汽车电器维修（第三版）"


def production_setting(expression, **env):
    """A value from the production settings, imported fresh in a child process with this environment."""
    environment = {**os.environ, "SECRET_KEY": "x" * 50, **env}
    environment.pop("TASKS_BACKEND", None) if "TASKS_BACKEND" not in env else None
    code = f"import cms.settings.production as s; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_production_settings_default_to_the_database_queue_and_tasks_backend_overrides_it():
    assert production_setting("s.TASKS['default']['BACKEND']") == "django_tasks_db.DatabaseBackend"
    assert production_setting("'django_tasks_db' in s.INSTALLED_APPS") == "True"
    immediate = "django_tasks.backends.immediate.ImmediateBackend"
    assert production_setting("s.TASKS['default']['BACKEND']", TASKS_BACKEND=immediate) == immediate
