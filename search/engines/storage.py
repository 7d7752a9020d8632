"""The rows every engine writes beside its own index: one `SearchDocument` per document and its facet values.

Ranking, highlighting, result pages and facet labels read these rows, so they are the same whichever engine
answered the query. Both engines call `store` from `index`; nothing here knows about an engine.
"""

from contextlib import contextmanager
from itertools import islice, pairwise

from django.db import connection, transaction
from django.utils import timezone

from ..models import FacetValue, SearchDocument, TitleSyllablePair

FIELDS = ("key", "title", "url", "sort_key", "year", "data", "title_pinyin", "indexed_at")
DOC_TABLE = SearchDocument._meta.db_table
FACET_TABLE = FacetValue._meta.db_table
PAIR_TABLE = TitleSyllablePair._meta.db_table
(PAIR_INDEX,) = TitleSyllablePair._meta.indexes


def store(prepared_list, data_for):
    """Upsert the rows of a batch and replace their facet values and title syllable pairs, in one transaction; the
    row ids in batch order.

    Plain statements, not model instances: a rebuild writes a row, ~8 facet values and ~12 title pairs per
    document, and building that many instances (and their INSERTs) cost more than everything else the rebuild
    does. The rows are generated as they are written: built up front as lists, 150,000 documents' 3 million rows
    kept the garbage collector busy for about 20 s."""
    if not prepared_list:
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        ids, title_pinyins = upsert_documents(cursor, prepared_list, data_for)
        cursor.executemany(f"DELETE FROM {FACET_TABLE} WHERE document_id = %s", [[doc_id] for doc_id in ids])
        insert_rows(
            cursor,
            FACET_TABLE,
            ("document_id", "facet", "value", "label"),
            (
                (doc_id, facet, value[:60], label[:200])
                for doc_id, prepared in zip(ids, prepared_list, strict=True)
                for facet, value, label in prepared.facets
            ),
        )
        cursor.executemany(f"DELETE FROM {PAIR_TABLE} WHERE document_id = %s", [[doc_id] for doc_id in ids])
        insert_rows(
            cursor,
            PAIR_TABLE,
            ("document_id", "doc_type", "object_id", "pair", "position"),
            (
                (doc_id, prepared.doc_type, prepared.object_id, pair, position)
                for doc_id, prepared, title_pinyin in zip(ids, prepared_list, title_pinyins, strict=True)
                for position, pair in syllable_pairs(title_pinyin)
            ),
        )
    return ids


ROWS_PER_INSERT = 100


def insert_rows(cursor, table, columns, rows):
    """INSERT the rows (an iterable of tuples), ROWS_PER_INSERT to a statement. One statement per row took 8.5 s
    for the 1.7 million title pairs of a 150,000-title rebuild, against 2.4 s so (timed per statement)."""
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    rows = iter(rows)
    rest = []

    def full_chunks():
        while chunk := tuple(islice(rows, ROWS_PER_INSERT)):
            if len(chunk) < ROWS_PER_INSERT:
                rest.extend(chunk)
                return
            yield [value for row in chunk for value in row]

    cursor.executemany(head + ", ".join([marks] * ROWS_PER_INSERT), full_chunks())
    if rest:
        cursor.execute(head + ", ".join([marks] * len(rest)), [value for row in rest for value in row])


def syllable_pairs(title_pinyin):
    """(position, pair) of each two consecutive syllables of a title: " hu li xue " → (0, "hu li"), (1, "li xue")."""
    syllables = title_pinyin.split()
    return [(n, f"{a} {b}") for n, (a, b) in enumerate(pairwise(syllables)) if len(a) + len(b) < 20]


def titles_with_syllables(doc_type, syllables):
    """Object ids of this type's documents whose title reads as the syllables in order (two or more): the term's
    pairs at consecutive places of one title. Only the pair index is read, never the documents' rows."""
    pairs = [pair for _, pair in syllable_pairs(" ".join(syllables))]
    joins = "".join(
        f" JOIN {PAIR_TABLE} p{n} ON p{n}.pair = %s AND p{n}.doc_type = p0.doc_type"
        f" AND p{n}.object_id = p0.object_id AND p{n}.position = p0.position + {n}"
        for n in range(1, len(pairs))
    )
    sql = f"SELECT DISTINCT p0.object_id FROM {PAIR_TABLE} p0{joins} WHERE p0.pair = %s AND p0.doc_type = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*pairs[1:], pairs[0], doc_type])
        return [row[0] for row in cursor.fetchall()]


def upsert_documents(cursor, prepared_list, data_for):
    """The `SearchDocument` rows of a batch written (inserted or updated): their ids and title pinyin, in batch
    order."""
    existing = _ids(prepared_list)
    data_field = SearchDocument._meta.get_field("data")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    new, changed, title_pinyins = [], [], []
    for prepared in prepared_list:
        data = data_for(prepared)
        title_pinyin = data.get("py", {}).get("title", "")[:1200]
        title_pinyins.append(title_pinyin)
        values = [
            prepared.key,
            prepared.title[:300],
            prepared.url,
            prepared.sort_key,
            prepared.year,
            data_field.get_db_prep_value(data, connection),
            title_pinyin,
            now,
        ]
        doc_id = existing.get((prepared.doc_type, prepared.object_id))
        if doc_id is None:
            new.append([prepared.doc_type, prepared.object_id, *values])
        else:
            changed.append([*values, doc_id])
    if new:
        insert_rows(cursor, DOC_TABLE, ("doc_type", "object_id", *FIELDS), new)
        existing = _ids(prepared_list)
    if changed:
        assignments = ", ".join(f"{name} = %s" for name in FIELDS)
        cursor.executemany(f"UPDATE {DOC_TABLE} SET {assignments} WHERE id = %s", changed)
    return [existing[(prepared.doc_type, prepared.object_id)] for prepared in prepared_list], title_pinyins


def _ids(prepared_list):
    rows = SearchDocument.objects.filter(
        doc_type__in={p.doc_type for p in prepared_list}, object_id__in=[p.object_id for p in prepared_list]
    ).values_list("doc_type", "object_id", "pk")
    return {(doc_type, object_id): pk for doc_type, object_id, pk in rows}


def clear():
    """Every row, facet value and title syllable pair, in three statements (a rebuild starts from nothing).

    The pair index is dropped until `restore_indexes`: creating it once over the 1.7 million pairs of 150,000
    titles takes about 2 s, keeping it up to date pair by pair made the rebuild 25 s longer."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FACET_TABLE}")
        cursor.execute(f"DELETE FROM {PAIR_TABLE}")
        cursor.execute(f"DELETE FROM {DOC_TABLE}")
        cursor.execute(f"DROP INDEX IF EXISTS {PAIR_INDEX.name}")


@contextmanager
def unsecured_delete():
    """Within the block, SQLite frees the pages of deleted rows without overwriting them with zeros.

    Debian builds SQLite with secure delete on: emptying the index of 150,000 documents zeroed (and journaled)
    every page of it, 18 of a rebuild's 79 seconds. The index holds public data that is written again at once, so
    nothing is gained by erasing it; every other table keeps the build's setting."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA secure_delete = 0")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA secure_delete = {int(previous)}")


def restore_indexes():
    """Create the index `clear` dropped; nothing if it exists."""
    columns = ", ".join(TitleSyllablePair._meta.get_field(name).column for name in PAIR_INDEX.fields)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {PAIR_INDEX.name} ON {PAIR_TABLE} ({columns})")
