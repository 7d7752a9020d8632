"""Admin search finds Chinese content, drafts included: the page explorer and the textbook listing, as an editor.

Both go through Wagtail's `get_search_backend()`, which settings point at `search.admin_backend`.
"""

from wagtail.models import Page

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory
from catalogue.textbooks.models import ListingStatus, Textbook

pytestmark = pytest.mark.django_db

PAGE_SEARCH = "/admin/pages/search/"
TEXTBOOKS = "/admin/textbook-applications/"


@pytest.fixture
def draft_standard(db):
    """A training standard page that was never published (live=False): only the admin may find it."""
    from standards.factories import StandardsIndexPageFactory, TrainingStandardPageFactory

    program = ProgramFactory(
        code="0115", name="焊接技术应用", category=CategoryFactory(code="01", name="机械类")
    )
    index = StandardsIndexPageFactory(parent=Page.objects.get(depth=1))
    page = TrainingStandardPageFactory(
        parent=index, program=program, title="焊接技术应用专业培养标准", live=False
    )
    return Page.objects.get(pk=page.pk)


def page_titles(admin_client, q):
    response = admin_client.get(PAGE_SEARCH, {"q": q})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("q", ["焊接", "焊接技術", "焊接技术应用专业", "hanjie", "hanjiejishu"])
def test_page_search_finds_a_draft_standard_in_chinese_traditional_and_pinyin(
    admin_client, draft_standard, q
):
    assert not draft_standard.live
    assert "焊接技术应用专业培养标准" in page_titles(admin_client, q)


def test_page_search_finds_nothing_for_an_unrelated_word(admin_client, draft_standard):
    html = page_titles(admin_client, "烹饪")
    assert "焊接技术应用专业培养标准" not in html


def test_backend_search_matches_words_of_a_long_phrase_and_ranks_titles(draft_standard):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    assert type(backend).__module__ == "search.admin_backend"
    found = list(backend.search("焊接 培养标准", Page.objects.all()))
    assert [page.pk for page in found] == [draft_standard.pk]
    assert list(backend.search("焊接技术应用专业的培养标准", Page.objects.all())) == [draft_standard]
    assert list(backend.search("shukong", Page.objects.all())) == []


def listing(admin_client, q):
    response = admin_client.get(TEXTBOOKS, {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_textbook_listing_finds_a_submission_under_review_by_two_characters(admin_client, corpus):
    draft = Textbook.objects.get(isbn="9787516700008")
    assert draft.listing_status == ListingStatus.IN_REVIEW
    html = listing(admin_client, "机器")
    assert "焊接机器人草稿" in html and "汽车电器维修" not in html


@pytest.mark.parametrize("q", ["焊接機器人", "hanjiejiqiren", "焊接 草稿"])
def test_textbook_listing_finds_submissions_by_traditional_pinyin_and_words(admin_client, corpus, q):
    assert "焊接机器人草稿" in listing(admin_client, q)


def test_textbook_listing_finds_nothing_for_an_unrelated_word(admin_client, corpus):
    html = listing(admin_client, "烹饪")
    assert not any(title in html for title in ("焊接机器人草稿", "焊条电弧焊", "汽车电器维修"))


@pytest.mark.parametrize("q", ["焊接機器人", "hanjiejiqiren", "焊接 草稿", "9787516700008"])
def test_backend_finds_textbook_submissions_not_yet_listed(corpus, q):
    from wagtail.search.backends import get_search_backend

    found = get_search_backend().autocomplete(q, Textbook.objects.all())
    assert [book.isbn for book in found] == ["9787516700008"]


def test_pinyin_finds_listed_titles_through_the_index_and_the_rest_by_scanning(corpus):
    """Listed titles come from the public index, a submission and an unpublished title from the rows themselves;
    only titles that read so count (焊条电弧焊's program is 焊接加工, its title is not 焊接)."""
    assert _pinyin_isbns("hanjie") == {"9787516700001", "9787516700008", "9787516700009"}


def _pinyin_isbns(q):
    from wagtail.search.backends import get_search_backend

    return {book.isbn for book in get_search_backend().search(q, Textbook.objects.all())}


def test_a_retitled_listed_textbook_is_found_by_its_new_title_pinyin_only(
    corpus, django_capture_on_commit_callbacks
):
    """The title's syllable pairs are replaced when the title changes: the old reading no longer finds it."""
    book = Textbook.objects.get(isbn="9787516700001")
    assert "9787516700001" in _pinyin_isbns("hanjie")
    with django_capture_on_commit_callbacks(execute=True):
        book.title = "护理基础"
        book.save()
    assert "9787516700001" not in _pinyin_isbns("hanjie")
    assert "9787516700001" in _pinyin_isbns("hulijichu")


def test_a_deleted_document_leaves_no_syllable_pairs(corpus, django_capture_on_commit_callbacks):
    from search.engines.storage import titles_with_syllables
    from search.models import SearchDocument, TitleSyllablePair

    book = Textbook.objects.get(isbn="9787516700001")
    document = SearchDocument.objects.get(doc_type="textbook", object_id=str(book.pk))
    assert TitleSyllablePair.objects.filter(document=document).exists()
    with django_capture_on_commit_callbacks(execute=True):
        book.delete()
    assert not TitleSyllablePair.objects.filter(document_id=document.pk).exists()
    assert str(book.pk) not in titles_with_syllables("textbook", ["han", "jie"])


def test_the_migration_pairs_titles_indexed_before_it_as_indexing_does(corpus):
    """Migration 0006 fills the pair table from the stored title syllables, with no rebuild."""
    import importlib

    from django.apps import apps

    from search.models import TitleSyllablePair

    written = sorted(
        TitleSyllablePair.objects.values_list("document_id", "doc_type", "object_id", "pair", "position")
    )
    assert written
    TitleSyllablePair.objects.all().delete()
    migration = importlib.import_module("search.migrations.0006_title_syllable_pairs")
    migration.pair_stored_titles(apps, None)
    assert (
        sorted(
            TitleSyllablePair.objects.values_list("document_id", "doc_type", "object_id", "pair", "position")
        )
        == written
    )


def _pair_index_exists():
    from django.db import connection

    from search.models import TitleSyllablePair

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TitleSyllablePair._meta.db_table)
    return "search_title_pair" in constraints


def test_a_rebuild_builds_the_pair_index_again_even_when_it_fails(corpus, monkeypatch):
    """The rebuild drops the title pair index while it writes (one build is faster than a million updates) and
    creates it at the end, or when the rebuild stops on an error."""
    from search import indexing

    assert _pair_index_exists()
    indexing.rebuild()
    assert _pair_index_exists() and _pinyin_isbns("hanjie") >= {"9787516700001"}

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(indexing, "_flush", broken)
    with pytest.raises(RuntimeError):
        indexing.rebuild()
    assert _pair_index_exists()
