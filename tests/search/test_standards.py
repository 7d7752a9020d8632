"""Standards join the index through the pluggable declaration: only published pages, following publication."""

from wagtail.models import Page

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory
from search import documents
from search.models import SearchDocument
from search.service import Search

pytestmark = pytest.mark.django_db


def test_standard_declaration_is_registered_because_the_model_exists():
    assert {"textbook", "program", "standard"} <= set(documents.registry())


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
