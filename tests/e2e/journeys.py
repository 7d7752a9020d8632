"""What every journey test shares: its database marker and Playwright's `expect` (the module is skipped without it)."""

from django.apps import apps

import pytest

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
).expect


def _app_names():
    return [config.name for config in apps.get_app_configs()]


# The live server needs committed data, so a transactional database. available_apps makes Django's flush after
# the test cascade (PostgreSQL refuses to truncate the search app's SQL-only index table otherwise);
# serialized_rollback restores what migrations put in (roles, rubric, synonyms, Wagtail's root page) at the
# start of each journey, after any earlier test's flush (see `snapshot_restores_cleanly` in conftest.py).
live_database = pytest.mark.django_db(transaction=True, serialized_rollback=True, available_apps=_app_names())
