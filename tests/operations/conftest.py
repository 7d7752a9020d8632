"""Rich content for the backup tests, built through the project's own import commands and services."""

import csv
import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

import pytest
from wagtail_factories import DocumentFactory, ImageFactory

from catalogue.factories import OrganisationFactory, UserFactory
from catalogue.models import Program
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.review import services
from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS, PUBLISHERS, REVIEWERS
from search import indexing
from search.models import Synonym
from standards.factories import CourseStandardPageFactory
from standards.models import CourseStandardPage
from tests.conftest import _Sink
from tests.standards.conftest import home, index  # noqa: F401  (fixtures shared with the standards tests)

TEXTBOOK_SAMPLE = 40


@pytest.fixture(autouse=True)
def media_roots(settings, tmp_path):
    """Both upload roots in a throwaway folder, so files can be compared, deleted and restored."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_caches():
    """`flush` gives content types new ids; the rollback after each test restores the old ones, so caches of
    content types (Django) and site roots (Wagtail) must not outlive the test."""
    yield
    ContentType.objects.clear_cache()
    cache.clear()


@pytest.fixture
def textbook_sample(shared_data, tmp_path, catalogue_2025):
    """The first titles of the shared textbook list, imported with `import_textbooks`."""
    with open(shared_data / "textbooks.csv", encoding="utf-8") as source:
        rows = list(csv.reader(source))[: TEXTBOOK_SAMPLE + 1]
    sample = tmp_path / "textbooks-sample.csv"
    with open(sample, "w", encoding="utf-8", newline="") as target:
        csv.writer(target).writerows(rows)
    call_command("import_textbooks", str(sample), "--no-progress", stdout=_Sink())


@pytest.fixture
def standard(index):  # noqa: F811
    """A course standard published twice (versions 1.0 and 1.1)."""
    page = CourseStandardPageFactory(
        parent=index,
        title="思想政治",
        course_code="G01",
        objectives="掌握**基本理论**。",
        teaching="初版建议",
    )
    page.save_revision().publish()
    draft = CourseStandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.teaching = "修订后的教学建议"
    draft.change_kind = "minor"
    draft.save_revision().publish()
    return CourseStandardPage.objects.get(pk=page.pk)


@pytest.fixture
def reviewed_textbook(catalogue_2025):
    """A title taken through submission, format check, three expert reviews, a decision and an objection."""
    publisher = OrganisationFactory(name="备份测试出版社")
    admin = UserFactory(username="ops-admin", groups=[ADMINISTRATORS], email="admin@example.com")
    author = UserFactory(
        username="ops-pub", groups=[PUBLISHERS], organisation=publisher, email="p@example.com"
    )
    reviewers = [
        UserFactory(username=f"ops-r{i}", groups=[REVIEWERS], email=f"r{i}@example.com") for i in range(3)
    ]
    program = Program.objects.order_by("code").first()
    committee = UserFactory(username="ops-committee", groups=[COMMITTEE_MEMBERS], email="c@example.com")
    program.category.committee_members.add(committee)
    textbook = TextbookFactory(title="焊接工艺备份测试", publisher=publisher, programs=[program])
    services.submit(textbook, author)
    services.format_check(textbook, admin, True, "材料齐全")
    due = timezone.localdate() + datetime.timedelta(days=14)
    for assignment in services.assign_reviewers(textbook, reviewers, admin, due):
        services.respond(assignment, assignment.reviewer, True)
        scores = {c.pk: 70 + c.pk % 20 for c in assignment.criteria_set.criteria.all()}
        services.submit_review(assignment, assignment.reviewer, scores, "同意", "approve")
    textbook.refresh_from_db()
    services.decide(textbook, committee, "approve", "同意列入")
    notice = services.open_notice(textbook)
    services.file_objection(notice, "李四", "li@example.com", "书中有错别字", today=notice.starts_on)
    textbook.refresh_from_db()
    return textbook


@pytest.fixture
def rich_content(catalogue_2025, textbook_sample, standard, reviewed_textbook):
    ImageFactory(title="校徽")
    DocumentFactory(title="办学指南")
    Synonym.objects.create(terms="焊工,焊接")
    indexing.rebuild()  # index updates run on commit, which never comes inside a test transaction
    return {"standard": standard, "textbook": reviewed_textbook}
