"""The Elasticsearch engine, on the `elasticsearch.dsl` API, selected by setting ELASTICSEARCH_URL.

It indexes the same analysed token streams as the embedded engine into `whitespace`-analysed text fields (so a
Han bigram is one term and phrases keep exact-substring semantics), plus the original text under the built-in
`cjk` analyzer as a ranking signal. Facets come from a `FacetedSearch` (each facet ignoring its own filter, as in
the embedded engine). Every rebuild writes a new index and then moves the alias to it in one atomic call.
The `SearchDocument` rows are still written, so ranking, highlighting and pages are shared with the embedded
engine; only candidates, counts and facet counts come from Elasticsearch.
"""

import threading
import time

from django.conf import settings

from elasticsearch.dsl import Document, FacetedSearch, Integer, Keyword, Q, TermsFacet, Text, connections
from elasticsearch.helpers import bulk

from ..documents import facet_names
from ..models import FacetValue, SearchDocument
from ..tokens import STREAM_WEIGHTS, STREAMS, streams
from . import storage
from .base import SearchEngine

FACETS = facet_names()
FIELD_FOR = {"A": "a", "B": "b", "C": "c", "D": "d", "uni": "uni", "py": "py"}
PHRASE_FIELDS = [f"{FIELD_FOR[w]}^{STREAM_WEIGHTS[w]}" for w in "ABCD"]


def alias_name():
    return f"{getattr(settings, 'SEARCH_INDEX_PREFIX', 'jigong')}-documents"


class SearchDoc(Document):
    """One search document: analysed streams (whitespace), raw text (cjk), and keyword facets."""

    doc_id = Integer()
    doc_type = Keyword()
    key = Keyword()
    sort_key = Keyword()
    a = Text(analyzer="whitespace")
    b = Text(analyzer="whitespace")
    c = Text(analyzer="whitespace")
    d = Text(analyzer="whitespace")
    uni = Text(analyzer="whitespace")
    py = Text(analyzer="whitespace")
    raw = Text(analyzer="cjk")


for _facet in FACETS:  # one keyword field per declared facet (search.documents)
    SearchDoc._doc_type.mapping.field(_facet, Keyword())


def index_body():
    """Settings and mappings of a new index (the golden tests compare this)."""
    return {"settings": {"number_of_shards": 1}, "mappings": SearchDoc._doc_type.mapping.to_dict()}


def es_source(doc_pk, declaration, prepared):
    """The `_source` of one document; facet values grouped per facet name."""
    token_streams = streams(declaration, prepared)
    source = {FIELD_FOR[name]: " ".join(token_streams[name]) for name in STREAMS}
    source.update(doc_id=doc_pk, doc_type=prepared.doc_type, key=prepared.key, sort_key=prepared.sort_key)
    source["raw"] = " ".join(text for text in prepared.fields.values() if text)
    for name, value, _label in prepared.facets:
        source.setdefault(name, []).append(value)
    return source


def alternative_query(alt):
    if alt.kind == "phrase":
        return Q(
            "multi_match",
            query=" ".join(alt.tokens),
            type="phrase",
            fields=PHRASE_FIELDS,
            analyzer="whitespace",
        )
    field = "uni" if alt.kind == "unigram" else "py"
    return Q("match_phrase", **{field: {"query": " ".join(alt.tokens), "analyzer": "whitespace"}})


def text_query(parsed, mode):
    """Per term: any alternative; terms: all (`must`) or any (`should`); the cjk field only adds to the score."""
    terms = [
        Q("bool", should=[alternative_query(alt) for alt in term.alternatives], minimum_should_match=1)
        for term in parsed.terms
    ]
    if not terms:
        return Q("match_all")
    raw = Q("match", raw={"query": parsed.normalised, "boost": 0.5})
    if mode == "all":
        return Q("bool", must=terms, should=[raw])
    return Q("bool", must=[Q("bool", should=terms, minimum_should_match=1)], should=[raw])


class DocumentSearch(FacetedSearch):
    """FacetedSearch over the alias: the query is built from the parsed query, scoped to the use case's types."""

    doc_types = [SearchDoc]
    facets = {name: TermsFacet(field=name, size=100) for name in FACETS}

    def __init__(self, parsed, mode, scope):
        self.parsed, self.mode, self.scope = parsed, mode, scope
        self.index = alias_name()
        super().__init__(query=parsed.normalised or None, filters=scope.filters)

    def query(self, search, query):
        return search.query(text_query(self.parsed, self.mode)).filter(
            "terms", doc_type=list(self.scope.doc_types)
        )

    def search(self):
        return super().search().source(["doc_id"]).extra(track_total_hits=True)


def search_body(parsed, mode, scope, size=10):
    """The request body of a search (for the golden tests and for the engine)."""
    return DocumentSearch(parsed, mode, scope)[:size]._s.to_dict()


_clients = {}
_clients_lock = threading.Lock()


def client_for(url):
    """The process's one client for `url` (created on first use), also elasticsearch.dsl's default connection.

    A client holds a connection pool and is thread-safe: every engine, request and thread shares it.
    """
    with _clients_lock:
        client = _clients.get(url)
        if client is None:
            client = _clients[url] = connections.create_connection(alias=f"search:{url}", hosts=[url])
        connections.add_connection("default", client)
        return client


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url=None):
        self.url = url or settings.ELASTICSEARCH_URL
        self.client = client_for(self.url)
        self.target = alias_name()

    def begin_rebuild(self):
        """A new, empty index named by time; writes go there until `finish_rebuild` moves the alias."""
        SearchDocument.objects.all().delete()
        self.target = f"{alias_name()}-{time.strftime('%Y%m%d%H%M%S')}"
        self.client.indices.create(index=self.target, **index_body())

    def finish_rebuild(self):
        """Swap the alias to the new index in one atomic call, then drop the old indices."""
        alias = alias_name()
        old = (
            list(self.client.indices.get_alias(name=alias).keys())
            if self.client.indices.exists_alias(name=alias)
            else []
        )
        actions = [{"remove": {"index": name, "alias": alias}} for name in old]
        actions.append({"add": {"index": self.target, "alias": alias}})
        self.client.indices.update_aliases(actions=actions)
        for name in old:
            self.client.indices.delete(index=name)
        self.target = alias

    def abort_rebuild(self):
        """Drop the half-built index; writes go to the alias (the index searched) again."""
        if self.target != alias_name():
            self.client.indices.delete(index=self.target, ignore_unavailable=True)
        self.target = alias_name()

    def index(self, declaration, prepared_list, data_for):
        actions = []
        for doc, prepared in zip(storage.store(prepared_list, data_for), prepared_list, strict=True):
            actions.append(
                {"_index": self.target, "_id": doc.pk, "_source": es_source(doc.pk, declaration, prepared)}
            )
        bulk(self.client, actions, refresh="wait_for")

    def delete(self, doc_type, object_ids):
        docs = SearchDocument.objects.filter(doc_type=doc_type, object_id__in=[str(i) for i in object_ids])
        actions = [
            {"_op_type": "delete", "_index": self.target, "_id": pk}
            for pk in docs.values_list("pk", flat=True)
        ]
        bulk(self.client, actions, raise_on_error=False, refresh="wait_for")
        docs.delete()

    def candidates(self, parsed, mode, scope, limit):
        response = DocumentSearch(parsed, mode, scope)[: int(limit)].execute()
        return [(hit.doc_id, hit.meta.score or 0.0) for hit in response]

    def count(self, parsed, scope, mode="any"):
        """Total hits with the facet filters applied (the _count API would ignore the post_filter)."""
        return DocumentSearch(parsed, mode, scope)[:0].execute().hits.total.value

    def facet_counts(self, parsed, scope, facet_names, mode="any"):
        response = DocumentSearch(parsed, mode, scope)[:0].execute()
        rows = (
            FacetValue.objects.filter(facet__in=facet_names).values_list("facet", "value", "label").distinct()
        )
        labels = {(facet, value): label for facet, value, label in rows}
        return {
            name: [
                (value, labels.get((name, value), value), count)
                for value, count, _selected in response.facets[name]
            ]
            for name in facet_names
            if name in response.facets
        }
