"""Schemathesis fuzzes every operation of the served OpenAPI schema, in process, against real content.

The schema is loaded from the site itself (`/api/v1/openapi.json`) through the WSGI application, so what is fuzzed
is what is published. Each operation gets a bounded number of examples; every response must be no server error,
carry a documented status code and content type, and match its documented schema.
"""

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from catalogue.factories import CategoryFactory, EditionFactory, ProgramFactory
from catalogue.models import Program
from search import indexing

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# Loaded at collection: serving the schema touches no database. (`schemathesis.pytest.from_fixture` would load
# it inside the test instead, but schemathesis 4.32 breaks on pytest 9 there: it rewrites `Function._nodeid`.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def fuzz_content(textbooks, standards):
    """Small but complete: two editions with a rename, an addition and a retirement, listed and hidden textbooks,
    published and unpublished standards, all indexed. Built per operation, so it is kept cheap (no demo import)."""
    category = CategoryFactory(code="01", name="机械类")
    kept = ProgramFactory(code="0101", name="车工", category=category)
    gone = ProgramFactory(code="0102", name="铣工", category=category, status=Program.Status.RETIRED)
    added = ProgramFactory(code="0103", name="磨工", category=category, offers_technician=True)
    old = EditionFactory(name="2018")
    old.programs.set([kept, gone])
    new = EditionFactory(name="2025")
    new.programs.set([kept, added, Program.objects.get(code="0104")])
    cache.clear()
    indexing.rebuild()


@pytest.fixture
def test_transaction_survives_requests():
    """Keep the test's database connection open across WSGI requests, as Django's test client does.

    The WSGI handler closes "old" connections when a request starts and finishes; on PostgreSQL that would end
    the test's transaction (and its content) after the first request. SQLite in memory never really closes.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("test_transaction_survives_requests", "fuzz_content")
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_within_its_schema(case):
    case.call_and_validate(checks=CHECKS)
