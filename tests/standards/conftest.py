"""A small site for the standards tests: home, standards index with its workflow, two categories, role users."""

from django.contrib.auth.models import Group

from wagtail.models import Page, Site

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory, UserFactory
from cms.home.models import HomePage
from cms.users.roles import (
    ADMINISTRATORS,
    COMMITTEE_MEMBERS,
    PROGRAM_GROUP_MEMBERS,
    PUBLISHERS,
    REVIEWERS,
)
from standards.factories import (
    ProgramGroupFactory,
    StandardsIndexPageFactory,
    TrainingStandardPageFactory,
    with_courses,
)
from standards.setup import ensure_standards_workflow


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="home-test"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


@pytest.fixture
def index(home):
    page = StandardsIndexPageFactory(parent=home)
    ensure_standards_workflow(page)
    return page


@pytest.fixture
def category(db):
    return CategoryFactory(code="71", name="测试机械类")


@pytest.fixture
def other_category(db):
    return CategoryFactory(code="72", name="测试交通类")


@pytest.fixture
def program(category):
    return ProgramFactory(category=category, code="7101", name="测试数控加工", offers_technician=False)


def _user(username, role, categories=()):
    user = UserFactory(username=username, groups=[role] if role else [])
    for category in categories:
        category.committee_members.add(user)
    return user


@pytest.fixture
def admin_user(db):
    return _user("std-admin", ADMINISTRATORS)


@pytest.fixture
def committee_user(category):
    return _user("std-committee", COMMITTEE_MEMBERS, [category])


@pytest.fixture
def second_committee_user(category):
    """Another member of the same committee: the reviewer when `committee_user` submitted (separation of duties)."""
    return _user("std-committee-2", COMMITTEE_MEMBERS, [category])


@pytest.fixture
def other_committee_user(other_category):
    return _user("std-committee-other", COMMITTEE_MEMBERS, [other_category])


@pytest.fixture
def publisher_user(db):
    return _user("std-publisher", PUBLISHERS)


@pytest.fixture
def reviewer_user(db):
    return _user("std-reviewer", REVIEWERS)


@pytest.fixture
def program_group_user(program):
    """A member of the program group (专业组) of `program`, with no committee seat."""
    user = _user("std-program-group", PROGRAM_GROUP_MEMBERS)
    ProgramGroupFactory(name="测试数控加工专业组", programs=[program], members=[user])
    return user


@pytest.fixture
def standard(index, program):
    """A consistent draft standard (one revision saved), not yet published."""
    page = TrainingStandardPageFactory(parent=index, program=program)
    with_courses(page)
    page.save_revision()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def published(standard):
    standard.get_latest_revision().publish()
    return type(standard).objects.get(pk=standard.pk)


@pytest.fixture
def groups(db):
    return {group.name: group for group in Group.objects.all()}
