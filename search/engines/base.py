"""The one interface every search engine implements; `search.indexing` and `search.service` call only this.

An engine answers three questions about a parsed query within a scope (document types and facet filters):
ranked candidates, how many documents match, and facet counts. It keeps its own index in step through
`index` / `delete`, and a full rebuild is `begin_rebuild`, `index` in chunks, `finish_rebuild` (or
`abort_rebuild` when it fails). Whatever the
engine, the `SearchDocument` rows and facet values are written too (`search.engines.storage`): ranking,
highlighting and pages are read from them, the same for every engine.
"""

import abc

from ..models import SearchDocument


class SearchEngine(abc.ABC):
    """Base class of the engines; `search.engines.get_engine()` returns the process's one instance."""

    name = ""

    @abc.abstractmethod
    def begin_rebuild(self):
        """Start a full rebuild: the documents indexed from now until `finish_rebuild` replace the whole index."""

    @abc.abstractmethod
    def finish_rebuild(self):
        """Make the rebuilt index the one searched."""

    @abc.abstractmethod
    def abort_rebuild(self):
        """Give up a rebuild that failed part-way (the engine is shared: later updates must not follow it)."""

    @abc.abstractmethod
    def index(self, declaration, prepared_list, data_for):
        """Add or replace a batch of `Prepared` documents of one declaration; `data_for(prepared)` is stored data."""

    @abc.abstractmethod
    def delete(self, doc_type, object_ids):
        """Remove the documents of these objects (ids not indexed are ignored)."""

    def clear(self, doc_type=None):
        """Remove every document of `doc_type`, or every document of every type when it is None."""
        if doc_type is None:
            self.begin_rebuild()
            self.finish_rebuild()
            return
        ids = SearchDocument.objects.filter(doc_type=doc_type).values_list("object_id", flat=True)
        self.delete(doc_type, list(ids))

    @abc.abstractmethod
    def candidates(self, parsed, mode, scope, limit):
        """Best-first `(SearchDocument id, score)` pairs, at most `limit`; mode "all" needs every term, "any" one."""

    def matches(self, parsed, scope, limit):
        """SearchDocument ids matching any term, at most `limit`, in no particular order: for completion and the
        admin's pinyin search, which order (or keep) what they get themselves. Engines that can skip scoring and
        sorting do (at 150,000 documents a broad initials match costs 1 ms unordered, ~30 ms ordered)."""
        return [doc_id for doc_id, _score in self.candidates(parsed, "any", scope, limit)]

    @abc.abstractmethod
    def count(self, parsed, scope, mode="any"):
        """How many documents in the scope match (all of them when the query has no terms)."""

    @abc.abstractmethod
    def facet_counts(self, parsed, scope, facet_names, mode="any"):
        """`{facet: [(value, label, count)]}` over every match, each facet ignoring its own filter."""
