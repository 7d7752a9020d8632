"""Full-text structures for the database in use: an FTS5 table on SQLite, tsvector columns on PostgreSQL."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS cms_search_fts USING fts5(a, b, c, d, uni, py, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS cms_search_fts"]
POSTGRES = [
    "CREATE TABLE IF NOT EXISTS cms_search_pgindex ("
    " document_id bigint PRIMARY KEY REFERENCES cms_search_searchdocument (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
    " vec tsvector NOT NULL, uni tsvector NOT NULL, py tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS cms_search_pgindex_vec ON cms_search_pgindex USING gin (vec)",
    "CREATE INDEX IF NOT EXISTS cms_search_pgindex_uni ON cms_search_pgindex USING gin (uni)",
    "CREATE INDEX IF NOT EXISTS cms_search_pgindex_py ON cms_search_pgindex USING gin (py)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS cms_search_pgindex"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("cms_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
