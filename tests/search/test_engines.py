"""One engine interface, one engine object and one Elasticsearch client per process.

The Elasticsearch cases need no server: creating a client opens no connection, and the searches run against a
port where nothing listens (503), which is enough to see which engine and client they went through.
"""

import ast
import os
import socket
import threading
import time
from pathlib import Path

from django.test import override_settings

import pytest
from elasticsearch.dsl import connections

from search import indexing
from search.engines import base, get_engine, reset_engine
from search.engines.elastic import ElasticsearchEngine
from search.engines.embedded import EmbeddedEngine
from search.models import SearchDocument
from search.service import Search

pytestmark = pytest.mark.django_db
ELASTIC = "search.engines.elastic.ElasticsearchEngine"
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_both_engines_implement_the_declared_interface():
    # An engine missing one of the abstract methods could not be instantiated (TypeError).
    assert isinstance(EmbeddedEngine(), base.SearchEngine)
    assert isinstance(ElasticsearchEngine(closed_port_url()), base.SearchEngine)
    assert {
        "begin_rebuild",
        "finish_rebuild",
        "index",
        "delete",
        "candidates",
        "count",
        "facet_counts",
    } <= set(base.SearchEngine.__abstractmethods__)


def test_the_elasticsearch_engine_does_not_import_the_embedded_one():
    source = Path(base.__file__).with_name("elastic.py").read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            imported.add((node.level, node.module or ""))
            imported.update((node.level, alias.name) for alias in node.names if not node.module)
    assert (1, "embedded") not in imported and (0, "search.engines.embedded") not in imported


def test_two_searches_use_the_same_engine(client, corpus):
    engine = get_engine()
    assert client.get("/search/api/", {"q": "焊接"}).json()["total"] == 3  # two titles, one program
    assert client.get("/search/api/", {"q": "汽车"}).json()["total"] >= 3
    first, second = Search("焊接"), Search("汽车")
    assert first.execute().total == 3 and second.execute().total >= 3
    assert first.engine is second.engine is engine is get_engine()


def test_threads_starting_at_once_get_one_engine():
    reset_engine()
    barrier, engines = threading.Barrier(8), []

    def work():
        barrier.wait()
        engines.append(get_engine())

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(engines) == 8 and len({id(engine) for engine in engines}) == 1


def test_two_elasticsearch_searches_use_one_engine_and_one_client(client, corpus):
    with override_settings(ELASTICSEARCH_URL=closed_port_url(), SEARCH_ENGINE=ELASTIC):
        engine = get_engine()
        assert isinstance(engine, ElasticsearchEngine)
        assert client.get("/search/api/", {"q": "焊接"}).status_code == 503
        assert client.get("/search/", {"q": "汽车"}).status_code == 503
        first, second = Search("焊接"), Search("汽车")
        assert first.engine is second.engine is engine is get_engine()
        assert first.engine.client is second.engine.client is engine.client
        # elasticsearch.dsl's searches name the connection registered for the URL: the same client, not a second one.
        assert connections.get_connection(engine.url) is engine.client
        # Another engine for the same node (a command, a test) shares the client too.
        assert ElasticsearchEngine(engine.url).client is engine.client
    assert isinstance(get_engine(), EmbeddedEngine), "leaving the settings drops the Elasticsearch engine"


def test_changing_an_engine_setting_gives_an_engine_for_the_new_settings():
    url = closed_port_url()
    with override_settings(ELASTICSEARCH_URL=url, SEARCH_ENGINE=ELASTIC, SEARCH_INDEX_PREFIX="one"):
        first = get_engine()
        with override_settings(SEARCH_INDEX_PREFIX="two"):
            second = get_engine()
    assert (first.target, second.target) == ("one-documents", "two-documents")
    assert first is not second and first.client is second.client


def test_clearing_one_document_type_keeps_the_others(corpus):
    engine = get_engine()
    assert SearchDocument.objects.filter(doc_type="program").exists()
    engine.clear("textbook")
    assert not SearchDocument.objects.filter(doc_type="textbook").exists()
    assert SearchDocument.objects.filter(doc_type="program").exists()
    assert Search("焊接").execute().total == Search("焊接").filter(type="program").execute().total


@pytest.mark.skipif(
    not ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL is not set: no Elasticsearch server to test against"
)
def test_a_failed_rebuild_leaves_the_shared_elasticsearch_engine_writing_to_the_alias(corpus, settings):
    settings.ELASTICSEARCH_URL, settings.SEARCH_ENGINE = ELASTICSEARCH_URL, ELASTIC
    settings.SEARCH_INDEX_PREFIX = "jigong-test-abort"
    alias = "jigong-test-abort-documents"
    engine = get_engine()
    indexing.rebuild()
    searched = set(engine.client.indices.get_alias(name=alias))
    time.sleep(1.1)  # rebuilt indices are named by the second

    shared_target_while_rebuilding = []

    def interrupted(count):
        shared_target_while_rebuilding.append(engine.target)
        raise RuntimeError("rebuild interrupted")

    with pytest.raises(RuntimeError):
        indexing.rebuild(progress=interrupted)
    assert shared_target_while_rebuilding == [alias], (
        "live updates must not follow a rebuild into its new index"
    )
    assert get_engine() is engine and engine.target == alias and not engine.rebuilding
    assert set(engine.client.indices.get(index=f"{alias}-*")) == searched
    assert set(engine.client.indices.get_alias(name=alias)) == searched
