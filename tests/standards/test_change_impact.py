"""Before a standard version is published, the approver and the editor see what it changes and whom it touches."""

from django.urls import reverse

import pytest

from catalogue.factories import OrganisationFactory
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.models import CurriculumFlag
from standards.models import ProgramCourse, TrainingStandardPage

from .helpers import act, edit_url, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(published):
    """Two textbooks of course C02 of the published standard: one listed, one still in review."""
    publisher = OrganisationFactory(name="甲出版社")
    course = ProgramCourse.objects.get(program=published.program, code="C02")
    books = []
    for title, stage in (("课程二教材", "listed"), ("课程二新编", "expert_review")):
        book = TextbookFactory(
            title=title, publisher=publisher, programs=[published.program], review_stage=stage
        )
        book.courses.set([course])
        book.save()
        books.append(book)
    return books


def rename_c02(page):
    draft = page.get_latest_revision_as_object()
    courses = list(draft.courses.all())
    # By code, not position: factory-made courses share a sort_order, so their order is the database's.
    next(course for course in courses if course.code == "C02").name = "课程二（新名）"
    draft.courses = courses
    draft.save_revision()


def test_the_approval_dialog_shows_the_course_changes_and_the_textbooks_they_touch(
    client, published, served, committee_user, second_committee_user, admin_user
):
    rename_c02(published)
    submit(client, committee_user, published)
    act(client, second_committee_user, published, "approve")
    client.force_login(admin_user)
    state = TrainingStandardPage.objects.get(pk=published.pk).current_workflow_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[published.pk, "approve", state.current_task_state.pk]
    )

    html = client.get(url).json()["html"]

    assert "课程「C02 一体化课程2」更名为「课程二（新名）」" in html
    assert "课程二教材" in html and "课程二新编" in html and "甲出版社" in html
    assert "涉及 2 种教材、1 家出版社" in html and "其中 1 种仍在申报评审中" in html
    assert not CurriculumFlag.objects.exists()  # only shown: nothing is flagged before the approval

    act(client, admin_user, published, "approve", change_kind="major", comment="")
    assert CurriculumFlag.objects.filter(textbook__in=served).count() == 2


def test_the_editor_shows_the_impact_of_the_draft_against_the_version_in_force(
    client, published, served, admin_user
):
    client.force_login(admin_user)
    assert "一体化课程没有新增、更名、删除或学时调整" in client.get(edit_url(published)).content.decode()

    rename_c02(published)

    html = client.get(edit_url(published)).content.decode()
    assert "发布影响" in html and "更名为「课程二（新名）」" in html and "课程二教材" in html
