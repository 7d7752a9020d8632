"""search_rebuild, search_batch and search_eval; the quality goal on the shared development queries."""

import json
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from search.evaluation import evaluate, ndcg, recall, reciprocal_rank
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_rebuild_reports_the_documents(corpus):
    assert "检索索引已重建：" in run("search_rebuild", "--no-progress")
    assert SearchDocument.objects.filter(doc_type="textbook").count() == 7
    assert "已重试" in run("search_rebuild", "--pending")


def test_batch_writes_isbns_in_public_search_order(corpus, tmp_path):
    source, target = tmp_path / "q.jsonl", tmp_path / "r.jsonl"
    source.write_text('{"q": "焊接"}\n{"q": "978-7-5167-0000-3"}\n', encoding="utf-8")
    run("search_batch", "--input", str(source), "--output", str(target), "--limit", "10")
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {"q": "焊接", "results": ["9787516700001", "9787516700002"]}
    assert lines[1]["results"] == ["9787516700003"]


def test_batch_rejects_bad_lines(corpus, tmp_path):
    source = tmp_path / "q.jsonl"
    source.write_text("not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 1 行"):
        run("search_batch", "--input", str(source), "--output", str(tmp_path / "out.jsonl"))


def test_eval_prints_overall_and_per_kind(corpus, tmp_path):
    labelled = tmp_path / "dev.jsonl"
    labelled.write_text(
        '{"q": "焊接", "kind": "phrase", "relevant": {"9787516700001": 2}}\n'
        '{"q": "hanjie", "kind": "pinyin", "relevant": {"9787516700001": 2, "9787516700002": 1}}\n',
        encoding="utf-8",
    )
    out = run("search_eval", str(labelled))
    assert "overall" in out and "phrase" in out and "pinyin" in out and "NDCG@10" in out


def test_metrics():
    assert ndcg(["a", "b"], {"a": 3}) == 1.0
    assert ndcg(["b", "a"], {"a": 3}) < 1.0
    assert recall(["a", "x"], {"a": 1, "b": 1}) == 0.5
    assert reciprocal_rank(["x", "a"], {"a": 1}) == 0.5
    report = evaluate([{"q": "q", "kind": "k", "relevant": {"a": 2}}], lambda q: ["a"])
    assert report["overall"]["ndcg"] == 1.0 and report["k"]["n"] == 1


def test_shared_dev_queries_reach_the_goal(baseline, shared_data):
    """The 1,500 shared textbooks imported and indexed: NDCG@10 ≥ 0.95 overall and ≥ 0.85 for every kind."""
    call_command("import_textbooks", str(shared_data / "textbooks.csv"), "--no-progress", stdout=StringIO())
    run("search_rebuild", "--no-progress")
    report = json.loads(run("search_eval", str(shared_data / "queries-dev.jsonl"), "--json"))
    assert report["overall"]["ndcg"] >= 0.95, report
    assert all(row["ndcg"] >= 0.85 for row in report.values()), report


def test_benchmark_anchor_row_is_wagtails_stock_database_backend(corpus, tmp_path):
    from django.db import connection
    from django.utils.module_loading import import_string

    from wagtail.search.backends import get_search_backend

    from search.admin_backend import ChineseSearchBackend
    from search.management.commands.search_benchmark import ANCHOR, anchor_backend

    # Wagtail's own class for the database in use (each module imports only on its database).
    stock = import_string(
        "wagtail.search.backends.database.postgres.postgres.PostgresSearchBackend"
        if connection.vendor == "postgresql"
        else "wagtail.search.backends.database.sqlite.sqlite.SQLiteSearchBackend"
    )
    assert type(anchor_backend()) is stock and not isinstance(anchor_backend(), ChineseSearchBackend)
    assert isinstance(get_search_backend(), ChineseSearchBackend), (
        "the configured default is the admin backend"
    )
    labelled = tmp_path / "dev.jsonl"
    labelled.write_text(
        '{"q": "焊条电弧焊", "kind": "phrase", "relevant": {"9787516700002": 2}}\n', encoding="utf-8"
    )
    out = run("search_benchmark", "--sizes", "7", "--repeat", "1", "--queries", str(labelled))
    rows = [line.split()[0] for line in out.splitlines() if line and line.split()[0] in ("embedded", ANCHOR)]
    assert ANCHOR == "wagtail.search.backends.database" and rows == ["embedded", ANCHOR]
