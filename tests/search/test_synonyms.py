"""Synonym groups: seeded from the shared list, edited in the admin, effective without a restart."""

from django.urls import reverse

import pytest

from search import synonyms
from search.models import Synonym

pytestmark = pytest.mark.django_db


def test_seeded_from_the_shared_list():
    assert Synonym.objects.count() == len(synonyms.seed_lines())
    assert ("电焊", "焊接") in synonyms.groups()


def test_admin_edit_applies_on_the_next_query(admin_client):
    response = admin_client.get(reverse("search_synonyms:index"))
    assert response.status_code == 200 and "汽修" in response.content.decode()
    synonym = Synonym.objects.get(terms="电焊,焊接")
    response = admin_client.post(
        reverse("search_synonyms:edit", args=[synonym.pk]),
        {"terms": "电焊,焊接,焊工", "enabled": "on", "note": ""},
    )
    assert response.status_code == 302
    assert ("电焊", "焊接", "焊工") in synonyms.groups()
    assert synonyms.group_for("焊工") == ["电焊", "焊接"]
    Synonym.objects.filter(pk=synonym.pk).update(enabled=False)  # no signal: cache still holds the old groups
    synonym.refresh_from_db()
    synonym.save()  # a save (as in the admin) invalidates
    assert synonyms.group_for("焊工") == []
