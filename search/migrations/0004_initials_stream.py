"""The initials stream (`ini`: one pinyin initial per character, so `hj` finds 焊接) beside the others.

FTS5 cannot add a column to a virtual table, so the SQLite table is rebuilt with the rows copied over (their
initials empty until `search_rebuild`); PostgreSQL gains a column and its GIN index. The index is derived data:
`search_rebuild` after this migration fills the new stream (and applies the variant-character table).
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE cms_search_fts_new USING fts5(a, b, c, d, uni, py, ini, tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO cms_search_fts_new (rowid, a, b, c, d, uni, py, ini) SELECT rowid, a, b, c, d, uni, py, '' FROM cms_search_fts",
    "DROP TABLE cms_search_fts",
    "ALTER TABLE cms_search_fts_new RENAME TO cms_search_fts",
]
SQLITE_BACK = [
    "CREATE VIRTUAL TABLE cms_search_fts_old USING fts5(a, b, c, d, uni, py, tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO cms_search_fts_old (rowid, a, b, c, d, uni, py) SELECT rowid, a, b, c, d, uni, py FROM cms_search_fts",
    "DROP TABLE cms_search_fts",
    "ALTER TABLE cms_search_fts_old RENAME TO cms_search_fts",
]
POSTGRES = [
    "ALTER TABLE cms_search_pgindex ADD COLUMN IF NOT EXISTS ini tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX IF NOT EXISTS cms_search_pgindex_ini ON cms_search_pgindex USING gin (ini)",
]
POSTGRES_BACK = ["DROP INDEX IF EXISTS cms_search_pgindex_ini", "ALTER TABLE cms_search_pgindex DROP COLUMN IF EXISTS ini"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("cms_search", "0003_seed_synonyms")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_BACK, "postgresql": POSTGRES_BACK}),
        )
    ]
