"""Standards in the index: only published pages, following publication, moves and renames."""

from wagtail.models import Page

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory
from cms.home.models import HomePage
from search import documents
from search.models import SearchDocument
from search.service import Search

pytestmark = pytest.mark.django_db


def test_every_declaration_is_registered_and_finds_its_model():
    from standards.models import TrainingStandardPage

    registry = documents.registry()
    assert set(registry) == {"textbook", "program", "standard"}
    assert registry["standard"].model() is TrainingStandardPage
    assert all(
        declaration.model()._meta.label == declaration.model_label for declaration in registry.values()
    )


def test_publishing_a_standard_indexes_it_and_unpublishing_removes_it(django_capture_on_commit_callbacks):
    from standards.factories import StandardsIndexPageFactory, TrainingStandardPageFactory, with_courses

    program = ProgramFactory(code="0115", name="焊接加工", category=CategoryFactory(code="01", name="机械类"))
    index = StandardsIndexPageFactory(parent=Page.objects.get(depth=1))
    page = TrainingStandardPageFactory(parent=index, program=program)
    with_courses(page)
    assert not SearchDocument.objects.filter(doc_type="standard").exists()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    hits = Search("焊接加工").filter(type="standard").execute().hits
    assert [hit.doc.title for hit in hits] == ["焊接加工专业国家技能人才培养标准"]
    with django_capture_on_commit_callbacks(execute=True):
        type(page).objects.get(pk=page.pk).unpublish()
    assert not SearchDocument.objects.filter(doc_type="standard").exists()


@pytest.fixture
def published_standard(index, program, django_capture_on_commit_callbacks):
    from standards.factories import TrainingStandardPageFactory, with_courses

    page = TrainingStandardPageFactory(parent=index, program=program)
    with_courses(page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def indexed_urls(client, program):
    """The URLs the public search API gives for the program's standard."""
    data = client.get("/api/v1/search", {"q": program.name, "type": "standard"}).json()
    return [hit["url"] for hit in data["results"]]


def test_moving_the_standards_section_updates_the_indexed_urls_below_it(
    client, home, published_standard, program, django_capture_on_commit_callbacks
):
    assert indexed_urls(client, program) == ["/standards/standard-7101/"]
    section = home.add_child(instance=HomePage(title="栏目", slug="section"))
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=published_standard.get_parent().pk).move(section, pos="last-child")
    assert indexed_urls(client, program) == ["/section/standards/standard-7101/"]
    assert client.get("/section/standards/standard-7101/").status_code == 200


def test_renaming_the_standards_section_updates_the_indexed_urls_below_it(
    client, index, published_standard, program, django_capture_on_commit_callbacks
):
    draft = index.get_latest_revision_as_object()
    draft.slug = "biaozhun"
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert indexed_urls(client, program) == ["/biaozhun/standard-7101/"]


def test_renaming_a_standard_updates_its_indexed_url(
    client, published_standard, program, django_capture_on_commit_callbacks
):
    draft = published_standard.get_latest_revision_as_object()
    draft.slug = "hanjie"
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert indexed_urls(client, program) == ["/standards/hanjie/"]
