"""The textbook chooser's search works for every role that can open it, and finds only that role's scope."""

import pytest

from catalogue.factories import CategoryFactory, OrganisationFactory, ProgramFactory, UserFactory
from catalogue.textbooks.factories import TextbookFactory
from cms.users.roles import ADMINISTRATORS, COMMITTEE_MEMBERS, PUBLISHERS, REVIEWERS

pytestmark = pytest.mark.django_db
RESULTS = "/admin/snippets/choose/textbooks/textbook/results/"


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (ADMINISTRATORS, {"焊接工艺（甲）", "焊接工艺（乙）"}),
        (PUBLISHERS, {"焊接工艺（甲）"}),
        (COMMITTEE_MEMBERS, {"焊接工艺（乙）"}),
        (REVIEWERS, set()),
    ],
)
def test_searching_in_the_textbook_chooser_answers_each_role_within_its_scope(client, role, sees):
    category = CategoryFactory(code="01")
    program = ProgramFactory(category=category)
    mine = OrganisationFactory(name="甲出版社")
    TextbookFactory(title="焊接工艺（甲）", publisher=mine, programs=[program], review_stage="submitted")
    TextbookFactory(title="焊接工艺（乙）", programs=[program], review_stage="listed", live=True)
    user = UserFactory(groups=[role], organisation=mine if role == PUBLISHERS else None)
    if role == COMMITTEE_MEMBERS:
        category.committee_members.add(user)
    client.force_login(user)

    response = client.get(RESULTS, {"q": "焊接"})

    assert response.status_code == 200
    text = response.content.decode()
    assert {title for title in ("焊接工艺（甲）", "焊接工艺（乙）") if title in text} == sees
