"""Faults on a real Elasticsearch node: stopped while the site runs, an alias swap under queries, an interrupted
rebuild.

These tests start a node of their own with `scripts/elasticsearch.sh` (so stopping it disturbs nobody) and run in
the live tier only, i.e. when ELASTICSEARCH_URL is set (scripts/test.sh sets it once a node is up); otherwise they
skip saying why. Nothing is faked: the node is a real process that is really stopped and started again.
"""

import os
import subprocess
import threading
from pathlib import Path

from django.core.management import call_command

import pytest

from catalogue.textbooks.models import Textbook
from search import documents, indexing
from search.engines.elastic import ElasticsearchEngine, alias_name
from search.models import PendingUpdate, SearchDocument
from search.query import parse
from search.service import Scope, TextbookSearch
from search.tokens import stored_data

from .test_unavailable import MESSAGE

REPO = Path(__file__).resolve().parents[2]
ENGINE = "search.engines.elastic.ElasticsearchEngine"

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("ELASTICSEARCH_URL"),
        reason="ELASTICSEARCH_URL is not set: the live Elasticsearch tier is off here (scripts/test.sh runs it after"
        " the suite)",
    ),
    pytest.mark.django_db,
]


class Node:
    """A node of this module's own, driven through the same script as everywhere else."""

    def __init__(self, state_dir):
        self.env = {**os.environ, "ELASTICSEARCH_NODE_DIR": str(state_dir)}
        self.url = None

    def _script(self, *args, env=None):
        return subprocess.run(
            ["bash", str(REPO / "scripts" / "elasticsearch.sh"), *args],
            env=env or self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stdout

    def start(self):
        env = self.env
        if self.url:  # back on the same port, so the site's ELASTICSEARCH_URL is right again
            env = {**env, "ELASTICSEARCH_PORT": self.url.rsplit(":", 1)[1]}
        url = self._script("start", env=env).strip().splitlines()[-1]
        assert self.url in (None, url)
        self.url = url

    def stop(self, keep=False):
        self._script("stop", *(["--keep"] if keep else []))


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    own = Node(tmp_path_factory.mktemp("elasticsearch-node"))
    own.start()
    yield own
    own.stop()


@pytest.fixture
def site(corpus, node, settings):
    """The site configured for the module's node, with its index built."""
    settings.ELASTICSEARCH_URL = node.url
    settings.SEARCH_ENGINE = ENGINE
    indexing.rebuild()
    return corpus


def found(client, q):
    response = client.get("/search/api/", {"q": q, "type": "textbook"})
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_node_stopped_the_site_answers_503_editors_save_and_updates_apply_when_it_is_back(
    client, site, node, django_capture_on_commit_callbacks
):
    assert found(client, "焊接") == ["焊接结构制作（高级）", "焊条电弧焊"]
    node.stop(keep=True)
    try:
        page = client.get("/search/", {"q": "焊接"})
        assert page.status_code == 503 and MESSAGE in page.content.decode()
        api = client.get("/search/api/", {"q": "焊接"})
        assert api.status_code == 503 and api.json()["error"].startswith(MESSAGE)

        book = Textbook.objects.get(isbn="9787516700009")  # not yet live
        book.title = "焊接检验（新）"
        with django_capture_on_commit_callbacks(execute=True):
            book.save_revision().publish()
        assert Textbook.objects.get(pk=book.pk).live, "the editor's publish went through"
        assert PendingUpdate.objects.filter(doc_type="textbook", object_id=str(book.pk)).exists()
        assert not SearchDocument.objects.filter(key=book.isbn).exists(), (
            "rows rolled back with the refused bulk"
        )
    finally:
        node.start()

    # The next index update that succeeds also redoes the pending one.
    other = site["books"]["9787516700004"]
    other.title = "汽车底盘构造（新版）"
    with django_capture_on_commit_callbacks(execute=True):
        other.save()
    assert not PendingUpdate.objects.exists()
    assert found(client, "焊接检验")[0] == "焊接检验（新）"
    assert found(client, "底盘构造") == ["汽车底盘构造（新版）"]


def test_queries_running_through_alias_swaps_never_fail(site, node):
    engine = ElasticsearchEngine(node.url)
    parsed, scope = parse("汽车 维修"), Scope(("textbook",), {})
    expected = {doc_id for doc_id, _score in engine.candidates(parsed, "any", scope, 100)}
    assert len(expected) == 4
    answers, errors, done = [], [], threading.Event()

    def query():
        while not done.is_set():
            try:
                answers.append({i for i, _score in engine.candidates(parsed, "any", scope, 100)})
            except Exception as error:  # noqa: BLE001 - every failure is what this test looks for
                errors.append(error)

    threads = [threading.Thread(target=query) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(5):
            indexing.rebuild(engine=ElasticsearchEngine(node.url))
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert errors == []
    assert len(answers) > 20 and all(answer == expected for answer in answers)


class Interrupted(Exception):
    pass


def test_an_interrupted_rebuild_leaves_the_old_index_serving_and_the_next_rebuild_cleans_up(site, node):
    engine = ElasticsearchEngine(node.url)
    alias = alias_name()
    serving = set(engine.client.indices.get_alias(name=alias))
    before = [hit.doc.title for hit in TextbookSearch("汽车").execute().hits]
    assert len(before) == 4

    def stop_after_the_first_batch(_count):
        raise Interrupted  # as Ctrl-C in `search_rebuild` would, after the textbooks and before the swap

    with pytest.raises(Interrupted):
        indexing.rebuild(progress=stop_after_the_first_batch, engine=ElasticsearchEngine(node.url))
    # An interruption the process survives drops its half-built index at once.
    assert set(engine.client.indices.get(index=f"{alias}-*")) == serving
    # A process killed halfway (no chance to clean up) leaves its half-built index behind.
    killed = ElasticsearchEngine(node.url)
    killed.begin_rebuild()
    declaration = documents.get("textbook")
    first = [declaration.prepare(book) for book in declaration.indexable().order_by("pk")[:2]]
    killed.index(declaration, first, lambda prepared: stored_data(declaration, prepared))
    assert set(engine.client.indices.get_alias(name=alias)) == serving
    leftovers = set(engine.client.indices.get(index=f"{alias}-*")) - serving
    assert len(leftovers) == 1
    assert [hit.doc.title for hit in TextbookSearch("汽车").execute().hits] == before
    assert TextbookSearch("").execute().total == 7

    call_command("search_rebuild", "--no-progress", stdout=open(os.devnull, "w"))  # noqa: SIM115
    now_serving = set(engine.client.indices.get_alias(name=alias))
    assert set(engine.client.indices.get(index=f"{alias}-*")) == now_serving
    assert not now_serving & (serving | leftovers)
    assert [hit.doc.title for hit in TextbookSearch("汽车").execute().hits] == before


def test_updates_published_while_a_rebuild_runs_survive_its_swap(site, node):
    changed, unpublished = site["books"]["9787516700003"], site["books"]["9787516700004"]
    done = []

    def editors_publish_meanwhile(_count):
        if done:
            return
        done.append(True)  # after the first batch (the textbooks) is in the new index, before the swap
        changed.title = "汽车电器维修（修订版）"
        changed.save()
        Textbook.objects.filter(pk=unpublished.pk).update(live=False)
        indexing.update("textbook", [changed.pk, unpublished.pk])  # what the after-commit task does

    indexing.rebuild(progress=editors_publish_meanwhile, engine=ElasticsearchEngine(node.url))
    assert [hit.doc.title for hit in TextbookSearch("修订版").execute().hits] == ["汽车电器维修（修订版）"]
    assert [hit.doc.title for hit in TextbookSearch("底盘").execute().hits] == []
    assert TextbookSearch("").execute().total == 6
