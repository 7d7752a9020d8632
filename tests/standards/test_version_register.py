"""The admin's register of published versions reads as the public page does: 首次发布, 修订, 勘误."""

from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


def test_register_names_each_version_kind_in_chinese(client, published, admin_user):
    draft = published.get_latest_revision_as_object()
    draft.change_kind = "minor"
    draft.save_revision().publish()
    client.force_login(admin_user)
    html = client.get(reverse("standard_versions:index")).content.decode()
    assert "首次发布" in html and "勘误" in html
    assert ">major<" not in html and ">minor<" not in html
