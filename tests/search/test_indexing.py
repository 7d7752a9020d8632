"""The index follows publication after commit, via a background task; failures are retried, never raised."""

import pytest
from django_tasks import default_task_backend

from catalogue.textbooks.models import ReviewStage, Textbook
from search.models import SearchDocument
from search.service import TextbookSearch

pytestmark = pytest.mark.django_db


def indexed(isbn):
    return SearchDocument.objects.filter(doc_type="textbook", key=isbn).exists()


def test_status_change_and_delete_update_the_index_after_commit(corpus, django_capture_on_commit_callbacks):
    book = corpus["books"]["9787516700003"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        book.review_stage = ReviewStage.WITHDRAWN
        book.save()
        assert indexed(book.isbn), "nothing changes before the transaction commits"
    assert callbacks and not indexed(book.isbn)
    with django_capture_on_commit_callbacks(execute=True):
        book.review_stage = ReviewStage.LISTED
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


def test_one_transaction_schedules_one_task_per_type(corpus, django_capture_on_commit_callbacks, settings):
    # The dummy backend keeps what was enqueued instead of running it: the real enqueue path, observable.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        for book in corpus["books"].values():
            book.save()
    calls = [result.args for result in default_task_backend.results]
    assert [doc_type for doc_type, *_ in calls].count("textbook") == 1
    textbook_ids = next(ids for doc_type, ids, *_ in calls if doc_type == "textbook")
    assert {str(book.pk) for book in corpus["books"].values()} <= {str(pk) for pk in textbook_ids}


def test_program_rename_reindexes_its_textbooks(corpus, django_capture_on_commit_callbacks):
    program = corpus["programs"]["0115"]
    program.name = "焊接技术应用"
    with django_capture_on_commit_callbacks(execute=True):
        program.save()
    keys = [hit.doc.key for hit in TextbookSearch("焊接技术应用").execute().hits]
    assert set(keys) == {"9787516700001", "9787516700002"}


def test_a_search_after_an_update_shows_the_document_as_now_indexed(
    corpus, django_capture_on_commit_callbacks
):
    # The first search keeps its candidates decoded (search.doccache); the second must not show them as they were.
    def top_title():
        return TextbookSearch("汽车电器").execute().hits[0].doc.title

    assert top_title() == "汽车电器维修"
    book = corpus["books"]["9787516700003"]
    book.title = "汽车电器维修与检测"
    with django_capture_on_commit_callbacks(execute=True):
        book.save()
    assert top_title() == "汽车电器维修与检测"
