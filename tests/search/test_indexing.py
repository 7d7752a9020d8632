"""The index follows publication after commit, via a background task; failures are retried, never raised."""

from unittest import mock

import pytest

from catalogue.models import ListingStatus, Textbook
from search import indexing
from search.models import PendingUpdate, SearchDocument
from search.service import TextbookSearch

pytestmark = pytest.mark.django_db


def indexed(isbn):
    return SearchDocument.objects.filter(doc_type="textbook", key=isbn).exists()


def test_status_change_and_delete_update_the_index_after_commit(corpus, django_capture_on_commit_callbacks):
    book = corpus["books"]["9787516700003"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        book.listing_status = ListingStatus.WITHDRAWN
        book.save()
        assert indexed(book.isbn), "nothing changes before the transaction commits"
    assert callbacks and not indexed(book.isbn)
    with django_capture_on_commit_callbacks(execute=True):
        book.listing_status = ListingStatus.LISTED
        book.save()
    assert indexed(book.isbn)
    with django_capture_on_commit_callbacks(execute=True):
        Textbook.objects.filter(pk=book.pk).first().delete()
    assert not indexed(book.isbn)


def test_publishing_a_draft_indexes_it_and_unpublishing_removes_it(
    corpus, django_capture_on_commit_callbacks
):
    draft = Textbook.objects.get(isbn="9787516700009")
    draft.title = "焊接检验（新版）"
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert [h.doc.title for h in TextbookSearch("焊接检验").execute().hits][0] == "焊接检验（新版）"
    with django_capture_on_commit_callbacks(execute=True):
        Textbook.objects.get(pk=draft.pk).unpublish()
    assert not indexed(draft.isbn)


def test_one_transaction_schedules_one_task_per_type(corpus, django_capture_on_commit_callbacks):
    with mock.patch("search.tasks.update_index") as task:
        with django_capture_on_commit_callbacks(execute=True):
            for book in corpus["books"].values():
                book.save()
    calls = [c.args for c in task.enqueue.call_args_list]
    assert [doc_type for doc_type, ids in calls].count("textbook") == 1
    assert {str(book.pk) for book in corpus["books"].values()} <= set(dict(calls)["textbook"])


def test_failed_update_is_recorded_retried_and_never_raises(corpus, django_capture_on_commit_callbacks):
    book = corpus["books"]["9787516700001"]
    book.title = "焊接结构制作（修订）"
    with (
        mock.patch("search.indexing.update", side_effect=RuntimeError("engine down")),
        mock.patch("time.sleep"),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            book.save()
    pending = PendingUpdate.objects.get(doc_type="textbook", object_id=str(book.pk))
    assert pending.attempts == 1 and "engine down" in pending.error
    assert indexing.retry_pending() >= 1
    assert not PendingUpdate.objects.exists()
    assert SearchDocument.objects.get(key=book.isbn).title == "焊接结构制作（修订）"


def test_program_rename_reindexes_its_textbooks(corpus, django_capture_on_commit_callbacks):
    program = corpus["programs"]["0115"]
    program.name = "焊接技术应用"
    with django_capture_on_commit_callbacks(execute=True):
        program.save()
    keys = [hit.doc.key for hit in TextbookSearch("焊接技术应用").execute().hits]
    assert set(keys) == {"9787516700001", "9787516700002"}
