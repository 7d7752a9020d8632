"""The embedded engine (SQLite FTS5 or PostgreSQL full text, whichever database the suite runs on)."""

from django.db import connection

import pytest

from search.engines.embedded import EmbeddedEngine, PostgresDialect, SqliteDialect
from search.query import parse

from .behaviour import EngineBehaviour

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine():
    return EmbeddedEngine()


class TestEmbeddedEngine(EngineBehaviour):
    def test_dialect_follows_the_database(self, engine):
        expected = PostgresDialect if connection.vendor == "postgresql" else SqliteDialect
        assert isinstance(engine.dialect, expected)


def test_fts5_expression_is_a_phrase_per_alternative():
    parsed = parse("焊接 h", synonym_groups=())
    expression = SqliteDialect().expression(parsed, "all")
    assert expression == '({a b c d} : "焊接") AND ({a b c d} : "h")'
    assert (
        SqliteDialect().expression(parse("焊", synonym_groups=()), "any")
        == '({a b c d} : "焊" OR uni : "焊")'
    )


def test_postgres_match_uses_phrase_tsqueries():
    sql, params = PostgresDialect().match(parse("焊接结构", synonym_groups=()), "all", scored=False)
    assert "vec @@ %s::tsquery" in sql and params == ["'焊接' <-> '接结' <-> '结构'"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite setting")
def test_a_rebuild_leaves_the_secure_delete_setting_of_the_connection_as_it_was(engine):
    # The rebuild empties the index without zeroing its pages; every other delete keeps the build's setting.
    def secure_delete():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            return cursor.fetchone()[0]

    before = secure_delete()
    engine.begin_rebuild()
    engine.finish_rebuild()
    assert secure_delete() == before
