"""Public content for the API tests: the demo catalogue with the 2025 batch applied, published standards (one with
a pending draft), textbooks in every listing state and the search index built from them."""

import datetime

from django.core.cache import cache

import pytest

from catalogue.factories import CategoryFactory, OrganisationFactory, ProgramFactory
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import ReviewStage, TextbookBatch
from search import indexing
from standards.factories import CourseStandardPageFactory
from standards.models import CourseStandardPage
from tests.standards.conftest import category, home, index, program, published, standard  # noqa: F401

LISTED = "9787504000019"
IN_REVIEW = "9787504000026"
NOT_LIVE = "9787504000033"
DRAFT = "9787504000040"
NOT_LISTED = (IN_REVIEW, NOT_LIVE, DRAFT)


def republish(page, **changes):
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def course_standard(index):  # noqa: F811
    """A course standard published as 1.0 and corrected as 1.1."""
    page = CourseStandardPageFactory(
        parent=index, title="思想政治", course_code="G01", objectives="第一版目标。"
    )
    page.save_revision().publish()
    return republish(
        CourseStandardPage.objects.get(pk=page.pk), change_kind="minor", objectives="修订后目标。"
    )


@pytest.fixture
def pending_draft(published):  # noqa: F811
    """The published training standard with a newer draft revision that has not gone live."""
    draft = published.get_latest_revision_as_object()
    draft.info = "尚未发布的草稿内容"
    draft.save_revision()
    return type(published).objects.get(pk=published.pk)


@pytest.fixture
def unpublished_course_standard(index):  # noqa: F811
    page = CourseStandardPageFactory(parent=index, title="未发布课程", course_code="G99")
    page.save_revision()
    return page


def _book(isbn, title, programs, batch, publisher, **values):
    book = TextbookFactory(
        isbn=isbn, title=title, publisher=publisher, batch=batch, programs=programs, year=2024, **values
    )
    return book


@pytest.fixture
def textbooks(db):
    """One listed title and three that must stay private: in review, listed but not live, and a draft.

    The program is got or created by code, so this works alone and on top of the demo catalogue.
    """
    publisher = OrganisationFactory(name="中国劳动社会保障出版社")
    batch = TextbookBatch.objects.create(name="第一批", sort_order=1)
    machinery = CategoryFactory(code="01", name="机械类")
    programs = [ProgramFactory(code="0104", name="数控加工（数控车工）", category=machinery)]
    listed = dict(live=True, review_stage=ReviewStage.LISTED, listed_on=datetime.date(2025, 3, 1))
    return {
        "listed": _book(
            LISTED, "数控车床编程与操作", programs, batch, publisher, kind="integrated", **listed
        ),
        "in_review": _book(
            IN_REVIEW, "评审中的教材", programs, batch, publisher, review_stage=ReviewStage.SUBMITTED
        ),
        "not_live": _book(
            NOT_LIVE, "未上线的教材", programs, batch, publisher, review_stage=ReviewStage.LISTED
        ),
        "draft": _book(DRAFT, "草稿教材", programs, batch, publisher),
    }


@pytest.fixture
def standards(pending_draft, course_standard, unpublished_course_standard):
    return {
        "standard": pending_draft,
        "course_standard": course_standard,
        "unpublished": unpublished_course_standard,
    }


@pytest.fixture
def indexed(db):
    """Call last: rebuilds the search index from whatever the other fixtures created."""
    cache.clear()
    indexing.rebuild()


@pytest.fixture
def public_content(catalogue_2025, textbooks, standards):
    """Everything above on the demo catalogue, indexed for search: what the fuzz test runs against."""
    cache.clear()
    indexing.rebuild()
    return {"textbooks": textbooks, **standards}
