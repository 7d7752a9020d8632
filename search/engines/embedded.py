"""The embedded engine: full text in tables the project owns, SQLite FTS5 or PostgreSQL tsvector, no server.

Both dialects store the same analysed token streams (see `search.tokens`) and answer the same three questions
for a parsed query — ranked candidates, how many match, facet counts — so everything above them (ranking tiers,
highlighting, pagination) is shared and behaves the same on both databases.
"""

from django.db import connection, transaction

from ..documents import WEIGHTS
from ..models import FacetValue, SearchDocument
from ..tokens import STREAM_WEIGHTS, STREAMS, streams
from . import storage
from .base import SearchEngine

DOC_TABLE = SearchDocument._meta.db_table
FACET_TABLE = FacetValue._meta.db_table
FTS_TABLE = "cms_search_fts"
PG_TABLE = "cms_search_pgindex"


class SqliteDialect:
    """FTS5 over whitespace-separated tokens (unicode61 keeps a Han bigram as one token); BM25 with weights."""

    columns = ("a", "b", "c", "d", "uni", "py", "ini")

    def write(self, cursor, rows):
        """Replace the full text of each (document id, token streams) row."""
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [[doc_id] for doc_id, _ in rows])
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, a, b, c, d, uni, py, ini) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                [doc_id, *(" ".join(token_streams[name]) for name in STREAMS)]
                for doc_id, token_streams in rows
            ],
        )

    def delete(self, cursor, ids):
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [[i] for i in ids])

    def clear(self, cursor):
        # Dropping and creating the table is much faster than deleting every row of an FTS5 table. The
        # statement is the one migration 0004 created the table with.
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(self.columns)}, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )

    def match(self, parsed, mode, scored=True):
        """A subquery of (id, score) rows matching the parsed query; score larger is better."""
        weights = ", ".join(str(STREAM_WEIGHTS[name]) for name in STREAMS)
        score = f"-bm25({FTS_TABLE}, {weights})" if scored else "0"
        sql = f"SELECT rowid AS id, {score} AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        return sql, [self.expression(parsed, mode)]

    def expression(self, parsed, mode):
        joiner = " AND " if mode == "all" else " OR "
        return joiner.join(
            "(" + " OR ".join(self._alt(alt) for alt in term.alternatives) + ")" for term in parsed.terms
        )

    @staticmethod
    def _alt(alt):
        phrase = '"' + " ".join(alt.tokens) + '"'
        column = {"phrase": "{a b c d}", "unigram": "uni", "pinyin": "py", "initials": "ini"}[alt.kind]
        return f"{column} : {phrase}"


class PostgresDialect:
    """tsvector columns built from token literals (no parser, no dictionary: the 'simple' idea, verbatim)."""

    def write(self, cursor, rows):
        """Upsert the tsvectors of each (document id, token streams) row."""
        cursor.executemany(
            f"INSERT INTO {PG_TABLE} (document_id, vec, uni, py, ini) "
            "VALUES (%s, %s::tsvector, %s::tsvector, %s::tsvector, %s::tsvector) ON CONFLICT (document_id) "
            "DO UPDATE SET vec = EXCLUDED.vec, uni = EXCLUDED.uni, py = EXCLUDED.py, ini = EXCLUDED.ini",
            [
                [
                    doc_id,
                    _tsvector_literal([(token_streams[w], w) for w in WEIGHTS]),
                    *(_tsvector_literal([(token_streams[name], "D")]) for name in ("uni", "py", "ini")),
                ]
                for doc_id, token_streams in rows
            ],
        )

    def delete(self, cursor, ids):
        cursor.execute(f"DELETE FROM {PG_TABLE} WHERE document_id = ANY(%s)", [list(ids)])

    def clear(self, cursor):
        cursor.execute(f"DELETE FROM {PG_TABLE}")

    def match(self, parsed, mode, scored=True):
        """(id, score) rows: AND/OR of per-term conditions; ts_rank with A–D weights over every phrase."""
        conditions, params = [], []
        for term in parsed.terms:
            alts = []
            for alt in term.alternatives:
                alts.append(f"{_PG_COLUMN[alt.kind]} @@ %s::tsquery")
                params.append(_tsquery(alt.tokens))
            conditions.append("(" + " OR ".join(alts) + ")")
        where = (" AND " if mode == "all" else " OR ").join(conditions)
        if not scored:
            return f"SELECT document_id AS id, 0 AS score FROM {PG_TABLE} WHERE {where}", params
        phrases = [_tsquery(a.tokens) for t in parsed.terms for a in t.alternatives if a.kind == "phrase"]
        pinyins = [_tsquery(a.tokens) for t in parsed.terms for a in t.alternatives if a.kind != "phrase"]
        weights = "{" + ",".join(str(WEIGHTS[w] / 10) for w in "DCBA") + "}"
        score = "ts_rank(%s::float4[], vec, %s::tsquery) + 0.3 * ts_rank(uni, %s::tsquery) + 0.3 * ts_rank(py, %s::tsquery)"
        score_params = [weights, _or(phrases), _or(pinyins), _or(pinyins)]
        sql = f"SELECT document_id AS id, {score} AS score FROM {PG_TABLE} WHERE {where}"
        return sql, score_params + params


_PG_COLUMN = {"phrase": "vec", "unigram": "uni", "pinyin": "py", "initials": "ini"}


def _tsquery(tokens):
    return " <-> ".join(f"'{token}'" for token in tokens)


def _or(queries):
    return " | ".join(f"({q})" for q in queries) if queries else "'0sep0'"


def _tsvector_literal(weighted_streams):
    """'token':1A,7A … with a gap of 2 between fields and streams, so phrases never cross a boundary."""
    positions, position = {}, 0
    for tokens, weight in weighted_streams:
        for token in tokens:
            position += 1
            if token != "0sep0":
                positions.setdefault(token, []).append(f"{min(position, 16383)}{weight}")
        position += 1
    return " ".join(f"'{token}':{','.join(places[:256])}" for token, places in positions.items())


class EmbeddedEngine(SearchEngine):
    """Index and query the project's own tables; the dialect follows the default database."""

    name = "embedded"

    def __init__(self):
        self.dialect = PostgresDialect() if connection.vendor == "postgresql" else SqliteDialect()

    def begin_rebuild(self):
        """Empty the tables: a rebuild writes into them directly (there is no second index to swap to)."""
        with transaction.atomic(), storage.unsecured_delete(), connection.cursor() as cursor:
            self.dialect.clear(cursor)
            storage.clear()

    def finish_rebuild(self):
        """Nothing to swap: the documents were searchable as soon as each chunk was written. The title pair index
        dropped by `begin_rebuild` is built again."""
        storage.restore_indexes()

    def abort_rebuild(self):
        """Nothing to undo: the chunks written stay searchable; `search_rebuild` again completes the index."""
        storage.restore_indexes()

    def index(self, declaration, prepared_list, data_for):
        """Upsert a batch of documents (rows, facet values, full-text streams) in one transaction, in bulk."""
        if not prepared_list:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            ids = storage.store(prepared_list, data_for)
            rows = [
                (doc_id, streams(declaration, prepared))
                for doc_id, prepared in zip(ids, prepared_list, strict=True)
            ]
            self.dialect.write(cursor, rows)

    def delete(self, doc_type, object_ids):
        docs = SearchDocument.objects.filter(doc_type=doc_type, object_id__in=[str(i) for i in object_ids])
        ids = list(docs.values_list("pk", flat=True))
        if ids:
            with transaction.atomic(), connection.cursor() as cursor:
                self.dialect.delete(cursor, ids)
                SearchDocument.objects.filter(pk__in=ids).delete()

    def candidates(self, parsed, mode, scope, limit):
        """Best-first (id, score) pairs for the query within the scope (types and filters)."""
        match_sql, params = self._match(parsed, mode, scored=True)
        where, where_params = scope.sql()
        sql = (
            f"SELECT m.id, m.score FROM ({match_sql}) m CROSS JOIN {DOC_TABLE} d "
            f"WHERE d.id = m.id AND {where} ORDER BY m.score DESC, d.sort_key LIMIT {int(limit)}"
        )
        return self._fetch(sql, params + where_params)

    def matches(self, parsed, scope, limit):
        match_sql, params = self._match(parsed, "any", scored=False)
        where, where_params = scope.sql()
        sql = (
            f"SELECT m.id FROM ({match_sql}) m CROSS JOIN {DOC_TABLE} d WHERE d.id = m.id AND {where} "
            f"LIMIT {int(limit)}"
        )
        return [row[0] for row in self._fetch(sql, params + where_params)]

    def count(self, parsed, scope, mode="any"):
        where, where_params = scope.sql()
        if not parsed.terms:
            return self._fetch(f"SELECT COUNT(*) FROM {DOC_TABLE} d WHERE {where}", where_params)[0][0]
        match_sql, params = self._match(parsed, mode, scored=False)
        sql = f"SELECT COUNT(*) FROM ({match_sql}) m CROSS JOIN {DOC_TABLE} d WHERE d.id = m.id AND {where}"
        return self._fetch(sql, params + where_params)[0][0]

    def facet_counts(self, parsed, scope, facet_names, mode="any"):
        """{facet: [(value, label, count)]} over every match, each facet ignoring its own filter."""
        counts = {}
        for name in facet_names:
            match_sql, params = self._match(parsed, mode, scored=False)
            where, where_params = scope.without(name).sql()
            sql = (
                f"SELECT fv.value, fv.label, COUNT(*) FROM ({match_sql}) m CROSS JOIN {DOC_TABLE} d "
                f"CROSS JOIN {FACET_TABLE} fv WHERE d.id = m.id AND fv.document_id = m.id AND fv.facet = %s AND {where} "
                "GROUP BY fv.value, fv.label ORDER BY COUNT(*) DESC, fv.value"
            )
            counts[name] = self._fetch(sql, params + [name] + where_params)
        return counts

    def _match(self, parsed, mode, scored):
        if not parsed.terms:
            return f"SELECT id, 0 AS score FROM {DOC_TABLE}", []
        return self.dialect.match(parsed, mode, scored)

    @staticmethod
    def _fetch(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
