"""The admin page listing shows committee members and program groups only the standards in their scope."""

from django.urls import reverse

import pytest

from catalogue.factories import ProgramFactory
from standards.factories import (
    CategoryCourseStandardPageFactory,
    CourseStandardPageFactory,
    TrainingStandardPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(index, standard, category, other_category):
    return {
        "own": standard,
        "other": TrainingStandardPageFactory(
            parent=index, program=ProgramFactory(category=other_category, code="7201"), title="交通类标准"
        ),
        "own_general": CategoryCourseStandardPageFactory(parent=index, category=category, title="本大类课程"),
        "other_general": CategoryCourseStandardPageFactory(
            parent=index, category=other_category, title="交通大类课程"
        ),
        "public": CourseStandardPageFactory(parent=index, title="公共课程"),
    }


def listed(client, user, index, **params):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_explore", args=[index.pk]), params)
    assert response.status_code == 200
    return {page.pk for page in response.context["pages"]}


def test_committee_member_sees_only_their_categories_standards(client, index, pages, committee_user):
    assert listed(client, committee_user, index) == {pages["own"].pk, pages["own_general"].pk}


def test_committee_member_of_another_category_does_not_see_them(client, index, pages, other_committee_user):
    assert listed(client, other_committee_user, index) == {pages["other"].pk, pages["other_general"].pk}
    assert pages["own"].pk not in listed(client, other_committee_user, index, q="标准")


def test_program_group_sees_their_programs_standard(client, index, pages, program_group_user):
    assert listed(client, program_group_user, index) == {pages["own"].pk}


def test_administrator_sees_every_standard(client, index, pages, admin_user):
    assert listed(client, admin_user, index) == {page.pk for page in pages.values()}
