"""standards.scope answers for people outside the admin too, without failing on an anonymous user."""

from django.contrib.auth.models import AnonymousUser

import pytest

from standards.factories import StandardsIndexPageFactory, TrainingStandardPageFactory
from standards.scope import ScopedPagePermissionPolicy, drafts_out_of_scope

pytestmark = pytest.mark.django_db


def test_an_anonymous_user_explores_nothing_and_every_draft_standard_is_out_of_scope(home):
    draft = TrainingStandardPageFactory(parent=StandardsIndexPageFactory(parent=home))
    assert list(drafts_out_of_scope(AnonymousUser()).values_list("pk", flat=True)) == [draft.pk]
    assert not ScopedPagePermissionPolicy().explorable_instances(AnonymousUser()).exists()
