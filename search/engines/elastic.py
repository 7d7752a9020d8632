"""The Elasticsearch engine, on the `elasticsearch.dsl` API, selected by setting ELASTICSEARCH_URL.

It indexes the same analysed token streams as the embedded engine into `whitespace`-analysed text fields (so a
Han bigram is one term and phrases keep exact-substring semantics), plus the original text under the built-in
`cjk` analyzer as a ranking signal. Facets come from a `FacetedSearch` (each facet ignoring its own filter, as in
the embedded engine). Every rebuild writes a new index and then moves the alias to it in one atomic call.
The `SearchDocument` rows are still written, so ranking, highlighting and pages are shared with the embedded
engine; only candidates, counts and facet counts come from Elasticsearch.
"""

import json
import threading
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from elasticsearch.dsl import Document, FacetedSearch, Integer, Keyword, Q, TermsFacet, Text, connections
from elasticsearch.helpers import BulkIndexError, bulk

from ..documents import facet_names
from ..models import FacetValue, SearchDocument
from ..tokens import STREAM_WEIGHTS, STREAMS, streams
from . import storage
from .base import SearchEngine

FACET_SIZE = 1000
MAX_RESULT_WINDOW = 10_000  # Elasticsearch's default index.max_result_window
FACETS = facet_names()
FIELD_FOR = {"A": "a", "B": "b", "C": "c", "D": "d", "uni": "uni", "py": "py", "ini": "ini"}
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
    ini = Text(analyzer="whitespace")
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
    field = {"unigram": "uni", "pinyin": "py", "initials": "ini"}[alt.kind]
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
    # Every value, as the embedded engine counts them (there are ~170 programs; 100 would cut the list).
    facets = {name: TermsFacet(field=name, size=FACET_SIZE) for name in FACETS}

    def __init__(self, parsed, mode, scope, using="default", facets=True):
        self.parsed, self.mode, self.scope = parsed, mode, scope
        self.index = alias_name()
        self.using = using
        self.with_facets = facets
        # Always a string, so that `query()` runs (and scopes to the use case's types) for an empty query too:
        # FacetedSearch skips it when the query is None, which counted programs in a textbook-only browse.
        super().__init__(query=parsed.normalised or "", filters=scope.filters)

    def query(self, search, query):
        return search.query(text_query(self.parsed, self.mode)).filter(
            "terms", doc_type=list(self.scope.doc_types)
        )

    def aggregate(self, search):
        """Facet counts only where asked for: seven terms aggregations cost more than the query itself."""
        if self.with_facets:
            super().aggregate(search)

    def search(self):
        # The hit's _id is the SearchDocument id: no _source to fetch. Ties broken by the sort key, as in the
        # embedded engine, so the order past the reranked head is stable.
        return (
            super()
            .search()
            .source(False)
            .sort({"_score": {"order": "desc"}}, {"sort_key": {"order": "asc"}})
            .extra(track_total_hits=True)
        )


def search_body(parsed, mode, scope, size=10, facets=True):
    """The request body of a search (for the golden tests and for the engine)."""
    return DocumentSearch(parsed, mode, scope, facets=facets)[:size]._s.to_dict()


def _query_key(body):
    return json.dumps([body.get("query"), body.get("post_filter")], sort_keys=True, ensure_ascii=False)


_clients_lock = threading.Lock()


def client_for(url):
    """One client (one connection pool, thread-safe) per URL and process, registered under the URL as its alias;
    searches name it explicitly, so two engines on two nodes in one process never share a connection."""
    with _clients_lock:
        try:
            return connections.get_connection(url)
        except KeyError:
            return connections.create_connection(alias=url, hosts=[url])


class ElasticsearchEngine(SearchEngine):
    """Writes go to the alias (live updates) or to the new index of a rebuild; reads always go to the alias.

    The `SearchDocument` rows keep their primary keys through a rebuild (they are upserted, never emptied first),
    so the old index, which still serves while the new one fills, keeps pointing at existing rows; rows of objects
    that were not reindexed are removed only once the alias has moved.
    """

    name = "elasticsearch"

    def __init__(self, url=None):
        self.url = url or settings.ELASTICSEARCH_URL
        self.client = client_for(self.url)
        self.target = alias_name()
        self._rebuilt = None  # the SearchDocument ids written by the rebuild in progress
        self._totals = {}  # query → (when, total hits) of recent candidate requests, used once by `count`

    @property
    def rebuilding(self):
        return self._rebuilt is not None

    def begin_rebuild(self):
        """A new, empty index named by time; writes go there until `finish_rebuild` moves the alias."""
        self.target = f"{alias_name()}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"
        body = index_body()
        # No periodic refresh while filling: one refresh before the swap makes everything visible at once.
        body["settings"] = {**body["settings"], "refresh_interval": "-1"}
        self.client.indices.create(index=self.target, **body)
        self._rebuilt = set()
        self._started = timezone.now()

    def finish_rebuild(self):
        """Make the new index searchable, swap the alias to it in one atomic call, then drop older indices.

        Older means every `<alias>-<time>` index named before this one: the one the alias left, and leftovers of
        rebuilds that were interrupted before their swap. A rebuild started later (a newer name) is left alone.
        """
        alias = alias_name()
        self.client.indices.put_settings(index=self.target, settings={"index": {"refresh_interval": None}})
        self.client.indices.refresh(index=self.target)
        current = self._alias_indices()
        actions = [{"remove": {"index": name, "alias": alias}} for name in current]
        actions.append({"add": {"index": self.target, "alias": alias}})
        self.client.indices.update_aliases(actions=actions)
        older = [name for name in self._all_indices() if name < self.target]
        if older:
            self.client.indices.delete(index=",".join(older), ignore_unavailable=True)
        rebuilt, self._rebuilt, self.target = self._rebuilt, None, alias
        # Rows neither rebuilt nor written by a live update meanwhile belong to objects no longer indexable.
        untouched = SearchDocument.objects.filter(indexed_at__lt=self._started)
        stale = set(untouched.values_list("pk", flat=True)) - rebuilt
        for start in range(0, len(stale), 1000):
            SearchDocument.objects.filter(pk__in=sorted(stale)[start : start + 1000]).delete()

    def abort_rebuild(self):
        """Drop the half-built index; writes go to the alias (the index searched) again."""
        if self.rebuilding:
            self.client.indices.delete(index=self.target, ignore_unavailable=True)
        self._rebuilt, self.target = None, alias_name()

    def _alias_indices(self):
        alias = alias_name()
        if not self.client.indices.exists_alias(name=alias):
            return []
        return list(self.client.indices.get_alias(name=alias).keys())

    def _all_indices(self):
        return list(self.client.indices.get(index=f"{alias_name()}-*", expand_wildcards="open,closed").keys())

    def _ensure_alias(self):
        """Before the first rebuild a live update would otherwise auto-create an index named like the alias."""
        if not self.rebuilding and not self.client.indices.exists_alias(name=alias_name()):
            name = f"{alias_name()}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"
            self.client.indices.create(index=name, aliases={alias_name(): {}}, **index_body())

    def _filling(self):
        """Indices a rebuild is filling right now: named like the alias's index, newer than it, not behind it."""
        alias = alias_name()
        indices = self.client.indices.get_alias(index=f"{alias}-*")
        serving = [name for name, info in indices.items() if alias in info.get("aliases", {})]
        return [name for name in indices if name not in serving and name > max(serving, default="")]

    def _bulk(self, actions, **options):
        """Rebuild: into the new index, refreshed once at the end. Live update: through the alias (searchable when
        this returns, never creating an index), and into any index a rebuild is filling, so that the update is
        not lost when that rebuild, which may have read the object before, swaps the alias."""
        if not actions:
            return []
        if self.rebuilding:
            return bulk(self.client, actions, refresh=False, **options)[1]
        self._ensure_alias()
        errors = []
        for name in self._filling():
            errors += bulk(self.client, [{**a, "_index": name} for a in actions], refresh=False, **options)[1]
        return errors + bulk(self.client, actions, refresh="wait_for", require_alias=True, **options)[1]

    def index(self, declaration, prepared_list, data_for):
        """Rows and facet values in the database, documents in Elasticsearch, in one transaction: if Elasticsearch
        refuses, the rows are rolled back too (the update is then retried from `PendingUpdate`)."""
        if not prepared_list:
            return
        with transaction.atomic():
            ids = storage.store(prepared_list, data_for)
            actions = [
                {"_index": self.target, "_id": doc_id, "_source": es_source(doc_id, declaration, prepared)}
                for doc_id, prepared in zip(ids, prepared_list, strict=True)
            ]
            self._bulk(actions)
        if self.rebuilding:
            self._rebuilt.update(ids)

    def delete(self, doc_type, object_ids):
        docs = SearchDocument.objects.filter(doc_type=doc_type, object_id__in=[str(i) for i in object_ids])
        ids = list(docs.values_list("pk", flat=True))
        # A document (or, before the first rebuild, the alias) missing (404) is already what we want; any other
        # failure raises. The same targets as index(): a live delete reaches a rebuild in progress too.
        actions = [{"_op_type": "delete", "_index": self.target, "_id": pk} for pk in ids]
        errors = self._bulk(actions, raise_on_error=False)
        failed = [e for e in errors if e.get("delete", {}).get("status") != 404]
        if failed:
            raise BulkIndexError(f"{len(failed)} document(s) failed to delete", failed)
        SearchDocument.objects.filter(pk__in=ids).delete()

    def _search(self, body, filter_path):
        return self.client.search(index=alias_name(), body=body, filter_path=filter_path)

    def candidates(self, parsed, mode, scope, limit):
        body = search_body(parsed, mode, scope, size=int(limit), facets=False)
        response = self._search(body, "hits.total.value,hits.hits._id,hits.hits._score")["hits"]
        # The service asks for the count of the same query right after: remember the total it came with.
        if len(self._totals) > 100:
            self._totals.clear()
        self._totals[_query_key(body)] = (time.monotonic(), response["total"]["value"])
        return [(int(hit["_id"]), hit.get("_score") or 0.0) for hit in response.get("hits", [])]

    def matches(self, parsed, scope, limit):
        """Unscored matches in index order (`_doc`), at most `limit` and never beyond the index's result window."""
        body = search_body(parsed, "any", scope, size=min(int(limit), MAX_RESULT_WINDOW), facets=False)
        body["sort"] = ["_doc"]
        body["track_total_hits"] = False
        response = self._search(body, "hits.hits._id")  # no "hits" key at all when nothing matches
        return [int(hit["_id"]) for hit in response.get("hits", {}).get("hits", [])]

    def count(self, parsed, scope, mode="any"):
        """Total hits with the facet filters applied (the _count API would ignore the post_filter)."""
        body = search_body(parsed, mode, scope, size=0, facets=False)
        when, total = self._totals.pop(_query_key(body), (0.0, None))
        if total is None or time.monotonic() - when > 2:
            total = self._search(body, "hits.total.value")["hits"]["total"]["value"]
        return total

    def facet_counts(self, parsed, scope, facet_names, mode="any"):
        response = DocumentSearch(parsed, mode, scope, using=self.url)[:0].execute()
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
