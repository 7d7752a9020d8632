"""Benchmark: our textbook search (embedded engine, and Elasticsearch when a URL is given) against Wagtail's stock
database backend (`wagtail.search.backends.database`, named explicitly: the configured default is the project's
admin backend), on the same data, in one run.

Prints p50/p95 per query (and the p95 of the first round alone), index build time (the second of two builds),
peak Python memory (tracemalloc) and NDCG@10/recall@10 on the labelled queries, at each requested size. Sizes above the listed titles are reached by generated variations of
them (bulk-created rows: new ISBNs, edition suffixes), so run it on a throwaway database, never a real one:
`DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py search_benchmark --sizes 1500 150000`.
With `--elasticsearch URL` (default: ELASTICSEARCH_URL) the same search is measured on Elasticsearch too; the embedded
engine is always measured first, because its rebuild renumbers the shared `SearchDocument` rows that an
Elasticsearch rebuild then keeps.
"""

import gc
import json
import statistics
import time
import tracemalloc

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from catalogue.textbooks.models import ReviewStage, Textbook
from search import doccache, indexing
from search.engines import use_engine
from search.engines.elastic import ElasticsearchEngine
from search.engines.embedded import EmbeddedEngine
from search.evaluation import evaluate
from search.service import TextbookSearch

# The anchor row: Wagtail's stock database backend, named by its import path. Not `get_search_backend()`, which
# is the project's own admin backend (WAGTAILSEARCH_BACKENDS["default"] = search.admin_backend).
ANCHOR = "wagtail.search.backends.database"


class Command(BaseCommand):
    help = "比较本检索与 Wagtail 数据库检索后端的速度、建索引时间、内存和检索质量（仅输出数字）。"

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[1500])
        parser.add_argument(
            "--queries",
            nargs="+",
            default=["../shared/data/queries-dev.jsonl", "search/data/queries-typing.jsonl"],
        )
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument(
            "--elasticsearch", default=None, help="Elasticsearch 地址（默认取 ELASTICSEARCH_URL）"
        )

    def handle(self, *args, sizes, queries, repeat, elasticsearch, **options):
        url = settings.ELASTICSEARCH_URL if elasticsearch is None else elasticsearch
        self.engines = [EmbeddedEngine()] + ([ElasticsearchEngine(url)] if url else [])
        try:
            labelled = [
                json.loads(line) for path in queries for line in open(path, encoding="utf-8") if line.strip()
            ]
        except OSError as error:
            raise CommandError(f"无法读取查询文件：{error}") from error
        if not Textbook.objects.listed().exists():
            raise CommandError("没有已列入目录的教材：请先导入教材（import_textbooks）。")
        for size in sorted(sizes):
            grow_to(size)
            self.report(size, labelled, repeat)

    def report(self, size, labelled, repeat):
        ours, typing = [], []
        for engine in self.engines:
            ours.append(
                measure(
                    engine.name,
                    lambda engine=engine: indexing.rebuild(engine=engine),
                    lambda q, engine=engine: keys_ours(q, engine),
                    labelled,
                    repeat,
                )
            )
            # Right after the engine's searches, as on a site in use: measured after Wagtail's build and searches
            # instead (minutes at 150,000 titles), they found the index's pages paged out by the machine's memory
            # reclaim and read them from disk again.
            use_engine(engine)
            typing.extend(
                (f"{name} ({engine.name})", *latency(run, inputs, repeat))
                for name, run, inputs in (
                    ("suggestions", suggestions, TYPED),
                    ("admin pinyin", admin_pinyin, ADMIN_PINYIN),
                )
            )
            use_engine(None)
        backend = anchor_backend()
        wagtail = measure(
            ANCHOR,
            lambda: wagtail_build(backend),
            lambda q: keys_wagtail(backend, q),
            labelled,
            repeat,
            settle=compact_wagtail_index,
        )
        self.stdout.write(f"\n== {Textbook.objects.listed().count()} listed textbooks (requested {size})")
        self.stdout.write(
            f"{'engine':<14}{'build s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p95 1st':>9}{'peak MB':>9}{'NDCG@10':>9}"
            f"{'recall':>8}"
        )
        for row in (*ours, wagtail):
            self.stdout.write(
                f"{row['name']:<14}{row['build']:>9.1f}{row['p50']:>9.1f}{row['p95']:>9.1f}{row['p95 first']:>9.1f}"
                f"{row['peak']:>9.1f}{row['ndcg']:>9.3f}{row['recall']:>8.3f}"
            )
        for row in ours:
            self.stdout.write(
                f"ratios {row['name']}/wagtail: p50 {row['p50'] / max(wagtail['p50'], 1e-9):.2f}, "
                f"p95 {row['p95'] / max(wagtail['p95'], 1e-9):.2f}, "
                f"build {row['build'] / max(wagtail['build'], 1e-9):.2f}"
            )
        for name, p50, p95 in typing:
            self.stdout.write(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")


def measure(name, build, search, labelled, repeat, settle=None):
    """Build time (wall clock, the second of two builds), per-query latencies over `repeat` rounds, peak traced
    memory, quality. `settle`, untimed, runs between the build and the queries."""
    # An untimed build first, for every engine alike: whichever engine built first otherwise read the source rows
    # from disk for the others (this machine pages out what has not been read for a while).
    build()
    gc.collect()
    started = time.perf_counter()
    build()
    build_seconds = time.perf_counter() - started
    if settle:
        settle()
    gc.collect()  # the build's garbage, collected now for every engine alike rather than inside a timed query
    search(labelled[0]["q"])
    latencies = []
    for _ in range(repeat):
        for item in labelled:
            started = time.perf_counter()
            search(item["q"])
            latencies.append((time.perf_counter() - started) * 1000)
    # The first round alone: each query's first run after the build, before our document cache holds its
    # candidates (`search.doccache`).
    first_round = sorted(latencies[: len(labelled)])
    # A separate pass (tracing slows Python code and would skew the latencies), from an empty document cache so
    # that the peak includes filling it.
    doccache.clear()
    tracemalloc.start()
    for item in labelled:
        search(item["q"])
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    quality = evaluate(labelled, search)["overall"]
    latencies.sort()
    return {
        "name": name,
        "build": build_seconds,
        "p50": statistics.median(latencies),
        "p95": latencies[int(0.95 * (len(latencies) - 1))],
        "p95 first": first_round[int(0.95 * (len(first_round) - 1))],
        "peak": peak,
        "ndcg": quality["ndcg"],
        "recall": quality["recall"],
    }


# What is typed into the suggestion box (partial pinyin, initials, mixed, characters) and searched in the admin.
TYPED = [
    "hanj",
    "gongyej",
    "gyjqr",
    "工业j",
    "skc",
    "hj",
    "jixiezhit",
    "焊接",
    "数控车",
    "护理",
    "dianti",
    "plc",
]
ADMIN_PINYIN = ["hanjie", "shukongchechuang", "huli", "gongyejiqiren", "dianti", "kuaiji"]


def latency(run, inputs, repeat):
    run(inputs[0])
    timings = []
    for _ in range(repeat):
        for text in inputs:
            started = time.perf_counter()
            run(text)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]


def suggestions(typed):
    from search.views import suggestions as suggest

    return suggest(typed)


def admin_pinyin(q):
    """The admin textbook listing's search (every stage), through the configured admin backend."""
    return list(get_search_backend().search(q, Textbook.objects.all())[:20])


def keys_ours(q, engine=None):
    return [
        hit.doc.key
        for hit in TextbookSearch(q, engine=engine).execute(page=1, per_page=10, facets=False).hits
    ]


def anchor_backend():
    """Wagtail's stock database backend for the database in use (SQLite FTS5 or PostgreSQL), whatever the settings."""
    return get_search_backend(ANCHOR)


def wagtail_build(backend):
    backend.reset_indexes()
    queryset = Textbook.objects.listed().order_by("pk")
    for start in range(0, queryset.count(), 2000):
        backend.add_bulk(Textbook, list(queryset[start : start + 2000]))


def compact_wagtail_index():
    """Merge the segments of Wagtail's FTS5 table (SQLite), untimed: its reset deletes the previous index row by row,
    and the deletion markers left by earlier runs on the same database made its queries up to twice as slow from one
    run to the next. Compacted, every run compares with Wagtail at its best."""
    if connection.vendor == "sqlite":
        table = f"{IndexEntry._meta.db_table}_fts"
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def keys_wagtail(backend, q):
    # Textbook.search_fields has no FilterField("live"); review_stage is declared and every listed row is live.
    results = backend.search(q, Textbook.objects.filter(review_stage=ReviewStage.LISTED))
    return [book.isbn for book in results[:10]]


def grow_to(size):
    """Bulk-create variations of the listed titles until there are `size` of them (no signals, no M2M)."""
    originals = list(Textbook.objects.listed().order_by("pk")[:1500])
    missing = size - Textbook.objects.listed().count()
    serial = Textbook.objects.count()
    batch = []
    with transaction.atomic():
        for n in range(max(missing, 0)):
            source = originals[n % len(originals)]
            serial += 1
            batch.append(variation(source, serial, n // len(originals) + 2))
            if len(batch) >= 5000:
                Textbook.objects.bulk_create(batch)
                batch = []
        Textbook.objects.bulk_create(batch)


def variation(source, serial, edition):
    return Textbook(
        isbn=f"979{serial:010d}",
        title=f"{source.title}（第{edition}版）",
        series=source.series,
        publisher_id=source.publisher_id,
        editors=source.editors,
        edition=edition,
        year=source.year,
        kind=source.kind,
        level=source.level,
        course=source.course,
        batch_id=source.batch_id,
        publication_status=source.publication_status,
        worldskills_item=source.worldskills_item,
        description=source.description,
        review_stage=source.review_stage,
        live=True,
    )
