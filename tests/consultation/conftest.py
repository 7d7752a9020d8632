"""A standards site with one category's committee, another category's, an administrator and a teacher."""

import pytest

from catalogue.factories import CategoryFactory, ProgramFactory, UserFactory
from cms.consultation.factories import ConsultationFactory
from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS
from standards.factories import TrainingStandardPageFactory, with_courses

from ..standards.conftest import home, index  # noqa: F401 - the site root and standards index fixtures

PUBLISHED_INFO = "已发布版本的专业信息"
DRAFT_INFO = "征求意见稿新增的专业信息段落"


@pytest.fixture
def category(db):
    return CategoryFactory(code="81", name="征求意见测试类")


@pytest.fixture
def committee(category):
    user = UserFactory(username="consult-committee", groups=[COMMITTEE_MEMBERS])
    category.committee_members.add(user)
    return user


@pytest.fixture
def other_committee(db):
    user = UserFactory(username="consult-other", groups=[COMMITTEE_MEMBERS])
    CategoryFactory(code="82", name="其他测试类").committee_members.add(user)
    return user


@pytest.fixture
def administrator(db):
    return UserFactory(username="consult-admin", groups=[ADMINISTRATORS])


@pytest.fixture
def standard(index, category):  # noqa: F811 - `index` is the standards conftest fixture imported above
    """A published standard with courses whose latest revision is an unpublished draft with a new paragraph."""
    program = ProgramFactory(category=category, code="8101", name="征求意见测试专业", offers_technician=False)
    page = TrainingStandardPageFactory(parent=index, program=program, info=PUBLISHED_INFO)
    with_courses(page)
    page.save_revision().publish()
    page = type(page).objects.get(pk=page.pk)
    page.info = DRAFT_INFO
    page.save_revision()
    return page


@pytest.fixture
def consultation(standard):
    return ConsultationFactory(page=standard, title="征求意见测试标准草案")
