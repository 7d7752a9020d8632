"""Roles are known by stable keys: renaming a role's group in the admin changes its label, never who may do what."""

from django.contrib.auth.models import Group

import pytest

from catalogue.factories import OrganisationFactory, UserFactory
from catalogue.textbooks.factories import TextbookFactory
from catalogue.textbooks.review.scope import visible_textbooks
from cms.users.roles import ADMINISTRATORS, PUBLISHERS, REVIEWERS, ensure_roles, holders, is_administrator

pytestmark = pytest.mark.django_db


def rename(key, new_name):
    group = Group.objects.get(role__key=key)
    group.name = new_name
    group.save()


def test_renamed_groups_keep_their_roles_and_are_not_recreated(client):
    organisation = OrganisationFactory()
    administrator = UserFactory(groups=[ADMINISTRATORS])
    publisher = UserFactory(groups=[PUBLISHERS], organisation=organisation)
    reviewer = UserFactory(groups=[REVIEWERS])
    own = TextbookFactory(publisher=organisation, title="本社的申报教材")
    other = TextbookFactory(title="他社的申报教材")

    rename(ADMINISTRATORS, "系统管理员")
    rename(PUBLISHERS, "出版社编辑")
    rename(REVIEWERS, "教材评审专家库")
    ensure_roles()

    assert not Group.objects.filter(name__in=["管理员", "出版社用户", "评审专家"]).exists()
    assert is_administrator(administrator)
    assert set(visible_textbooks(administrator)) >= {own, other}
    assert list(visible_textbooks(publisher)) == [own]
    assert list(holders(REVIEWERS)) == [reviewer]
    client.force_login(publisher)
    listing = client.get("/admin/textbook-applications/").content.decode()
    assert "本社的申报教材" in listing and "他社的申报教材" not in listing


def test_an_inactive_member_or_a_group_of_the_same_name_is_not_an_administrator():
    assert not is_administrator(UserFactory(groups=[ADMINISTRATORS], is_active=False))
    impostor = UserFactory()
    rename(ADMINISTRATORS, "系统管理员")
    impostor.groups.add(Group.objects.create(name="管理员"))
    assert not is_administrator(impostor)
