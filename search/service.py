"""Query builders per use case (`Search`, `TextbookSearch`): views and commands never build queries inline.

`Search(q).filter(level="advanced").sort("year").execute(page=2)` parses the query once, asks the engine for
candidates (every term, then any term), orders them with `search.ranking`, pages them stably, counts facets and
highlights on the original text. The public page, the JSON API and `search_batch` all go through here.
"""

import hashlib
import math
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DatabaseError, connection

from elasticsearch import ApiError, TransportError

from . import analysis, doccache, documents, highlight, ranking, synonyms
from .engines import get_engine
from .models import FacetValue, SearchDocument
from .query import ParsedQuery, Term, parse, with_sound
from .query import term as parse_term

CANDIDATE_LIMIT = 1000
RELAX_BELOW = 10
RELAXED_LIMIT = 100
RERANK = 300
NEAR_BELOW = 20  # near matches (some terms only) follow when fewer documents have every term
SORTS = {"relevance": "相关度", "year": "出版年份（新→旧）", "title": "标题（按字符）"}
# What an engine raises when it cannot answer: the embedded tables missing or the database refusing, or
# Elasticsearch unreachable or erroring. Views answer these with 503 and a message, never a traceback.
ENGINE_ERRORS = (DatabaseError, TransportError, ApiError)
UNAVAILABLE_MESSAGE = "检索服务暂时不可用，请稍后再试。目录、教材和标准页面仍可正常浏览。"


class Scope:
    """Which documents a query may return: fixed types of the use case plus the user's facet filters."""

    def __init__(self, doc_types, filters):
        self.doc_types = tuple(doc_types)
        self.filters = {name: list(values) for name, values in filters.items() if values}

    def without(self, facet):
        return Scope(self.doc_types, {k: v for k, v in self.filters.items() if k != facet})

    def queryset(self):
        """The same restriction as `sql()`, as a queryset (browsing without a query, paged in SQL)."""
        types = [t for t in self.filters.get("type", self.doc_types) if t in self.doc_types]
        queryset = SearchDocument.objects.filter(doc_type__in=types)
        for name, values in self.filters.items():
            if name != "type":
                chosen = FacetValue.objects.filter(facet=name, value__in=values).values("document_id")
                queryset = queryset.filter(pk__in=chosen)
        return queryset

    def sql(self):
        conditions, params = ["1 = 1"], []
        types = self.filters.get("type", self.doc_types)
        types = [t for t in types if t in self.doc_types]
        conditions.append("d.doc_type IN (" + ", ".join(["%s"] * len(types)) + ")" if types else "1 = 0")
        params.extend(types)
        for name, values in sorted(self.filters.items()):
            if name == "type":
                continue
            marks = ", ".join(["%s"] * len(values))
            conditions.append(
                f"d.id IN (SELECT document_id FROM cms_search_facetvalue WHERE facet = %s AND value IN ({marks}))"
            )
            params.extend([name, *values])
        return " AND ".join(conditions), params


@dataclass
class Hit:
    doc: SearchDocument
    label: str
    title_html: str
    snippet_html: str
    other_editions: list = field(default_factory=list)

    def as_json(self):
        return {
            "other_editions": [
                {"key": doc.key, "title": doc.title, "url": doc.url, "year": doc.year}
                for doc in self.other_editions
            ],
            "type": self.doc.doc_type,
            "type_label": self.label,
            "key": self.doc.key,
            "title": self.doc.title,
            "url": self.doc.url,
            "title_html": str(self.title_html),
            "snippet_html": str(self.snippet_html),
            "extra": self.doc.data.get("extra", {}),
        }


@dataclass(frozen=True)
class Respelled:
    """What a page says when a sound-alike reading was shown: 已按“shown”显示结果；仍搜索“typed”."""

    shown: str
    typed: str


@dataclass
class Results:
    query: str
    total: int
    page: int
    per_page: int
    hits: list
    facets: list = field(default_factory=list)
    hint: list = field(default_factory=list)
    respelled: Respelled | None = None

    @property
    def num_pages(self):
        return max(1, -(-min(self.total, CANDIDATE_LIMIT) // self.per_page))

    def as_json(self):
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "num_pages": self.num_pages,
            "results": [hit.as_json() for hit in self.hits],
            "facets": self.facets,
            "hint": self.hint,
            "respelled": {"shown": self.respelled.shown, "typed": self.respelled.typed}
            if self.respelled
            else None,
        }


class Search:
    """Every public document type; subclasses narrow it (`TextbookSearch`)."""

    doc_types = None

    def __init__(self, q="", engine=None, respell=True):
        """`respell=False` searches exactly what was typed (the page's 仍搜索 link): no sound-alike reading."""
        self.q = q or ""
        self.respell = respell
        self.respelled = None
        self.engine = engine or get_engine()
        self.declarations = documents.registry()
        allowed = self.doc_types or tuple(self.declarations)
        self.scope_types = tuple(t for t in allowed if t in self.declarations)
        self.filters = {}
        self.sort_by = "relevance"
        self.count_mode = "any"
        self.complete = 0
        self.exhaustive = False
        self._loaded = {}

    def filter(self, **facets):
        for name, value in facets.items():
            values = value if isinstance(value, list | tuple) else [value]
            self.filters[name] = [str(v) for v in values if v not in (None, "")]
        return self

    def sort(self, key):
        self.sort_by = key if key in SORTS else "relevance"
        return self

    def facet_specs(self):
        seen = {}
        for doc_type in self.scope_types:
            for facet in self.declarations[doc_type].facets:
                seen.setdefault(facet.name, facet.label)
        return seen

    def ranked(self, limit=CANDIDATE_LIMIT):
        """(parsed query, scope, documents best first) — the shared core of `execute` and `search_batch`.

        When an exact reading finds few documents, a long term is relaxed into its dictionary words and those
        near matches follow the exact ones (`品牌视觉设计学习工作页` then the other 品牌视觉设计 titles).
        """
        parsed = parse(self.q)
        if parsed.key and len(parsed.key) >= 10:
            parsed.terms = [t for t in parsed.terms if t.text == parsed.key.lower()]
        scope = Scope(self.scope_types, self.filters)
        parsed = self._strip_noise(parsed, scope)
        exact = self._exact_ids(parsed, scope)
        ordered = self._rank(parsed, scope, limit, exact)
        self.respelled = None
        complete = self.complete
        sounded = None
        if self.respell and complete < RELAX_BELOW:
            sounded = with_sound(parsed, lambda old: self._term_count(old, scope) < RELAX_BELOW)
        if sounded is not None:
            by_sound = self._rank(sounded, scope, limit, exact)
            if self.complete > complete:
                # The characters found little; their sound finds more (a pinyin-IME slip: 汗接 for 焊接).
                self.respelled = respelling(sounded, by_sound[0])
                parsed, ordered = sounded, by_sound
        count_mode, exhaustive = self.count_mode, self.exhaustive
        if len(ordered) < RELAX_BELOW:
            relaxed = relax(parsed)
            if relaxed is not None:
                # Exact readings only in a minor field (a program name, a description) do not outrank titles
                # that hold the phrase's main word: `焊接技术` lists 焊接 titles before 公差配合与技术测量, whose
                # program is 焊接技术应用. The words count by their weight, not by how many of them matched.
                strong = [doc for doc in ordered if ranking.in_primary_field(parsed, doc)]
                seen = {doc.pk for doc in strong}
                near = [
                    d
                    for d in self._rank(relaxed, scope, RELAXED_LIMIT, [], by_matched=False)
                    if d.pk not in seen
                ]
                seen |= {doc.pk for doc in near}
                ordered = strong + near + [doc for doc in ordered if doc.pk not in seen]
        self.count_mode, self.exhaustive = count_mode, exhaustive
        return parsed, scope, self._sorted(ordered)

    def _strip_noise(self, parsed, scope):
        """Terms that no document contains as typed lose generic words at their ends (`焊接教材` → `焊接`)."""
        terms, changed = [], False
        for old in parsed.terms:
            stripped = analysis.strip_noise(old.text)
            if stripped != old.text and not self._term_count(old, scope):
                terms.append(parse_term(stripped))
                changed = True
            else:
                terms.append(old)
        return ParsedQuery(parsed.raw, parsed.normalised, terms, parsed.key) if changed else parsed

    def _rank(self, parsed, scope, limit, exact, by_matched=True):
        """Candidates (every term, then any term) with the first RERANK reordered by `search.ranking`."""
        scores = {}
        self.count_mode = "any"
        if len(parsed.terms) > 1:
            scores = {i: float(score) for i, score in self.engine.candidates(parsed, "all", scope, limit)}
            if len(scores) >= NEAR_BELOW:
                # A page of documents with every term: those are the results (AND), as a reader expects;
                # documents with only some terms are near matches for queries that find fewer.
                self.count_mode = "all"
        self.complete = len(scores)  # documents matching every term
        self.exhaustive = len(scores) < limit
        if parsed.terms and self.count_mode == "any":
            found = self.engine.candidates(parsed, "any", scope, limit)
            self.exhaustive = len(found) < limit  # every match is a candidate: no separate count needed
            for doc_id, engine_score in found:
                scores.setdefault(doc_id, float(engine_score))
            if len(parsed.terms) == 1:
                self.complete = len(scores)
        ids = list(dict.fromkeys([*exact, *scores]))
        head, tail = ids[:RERANK], ids[RERANK:]
        # Sound-alike and relaxed readings rank many of the same documents again: each is loaded (and its stored
        # data decoded) once per search.
        self._loaded.update(doccache.documents([doc_id for doc_id in head if doc_id not in self._loaded]))
        docs = [self._loaded[doc_id] for doc_id in head if doc_id in self._loaded]
        weights = self._term_weights(parsed, scope) if len(parsed.terms) > 1 else None
        ordered = ranking.order(parsed, self.declarations, docs, scores, set(exact), weights, by_matched)
        return ordered + tail  # past the head: ids, materialised only if shown (`materialise`)

    def _term_weights(self, parsed, scope):
        """Inverse document frequency of each term within the scope, cached for a few minutes (they drift slowly)."""
        everything = max(1, self._cached_count(parse(""), scope))
        return [math.log(1 + everything / max(1, self._term_count(term, scope))) for term in parsed.terms]

    def _term_count(self, term, scope):
        """How many documents in the scope match this one term (cached)."""
        return self._cached_count(ParsedQuery(term.text, term.text, [term]), scope)

    def _cached_count(self, parsed, scope, mode="any"):
        """How many documents match, cached for a few minutes (keyed by every alternative of every term: a
        term with its sound-alike reading counts differently from the term alone)."""
        alternatives = [
            [(a.kind, a.tokens, a.synonym, a.sound) for a in term.alternatives] for term in parsed.terms
        ]
        key = (
            "search:df:"
            + hashlib.sha1(repr((self.engine.name, mode, alternatives, scope.sql())).encode()).hexdigest()
        )
        count = cache.get(key)
        if count is None:
            count = self.engine.count(parsed, scope, mode=mode)
            cache.set(key, count, 300)
        return count

    def _exact_ids(self, parsed, scope):
        if not parsed.key:
            return []
        where, params = scope.sql()
        sql = f"SELECT d.id FROM cms_search_searchdocument d WHERE d.key = %s AND {where} ORDER BY d.doc_type, d.id"
        return [row[0] for row in _fetch(sql, [parsed.key, *params])]

    def ranked_keys(self):
        """The keys (ISBN, program code) of every document found, best first."""
        docs = self.ranked()[2]
        ids = [item for item in docs if isinstance(item, int)]
        keys = dict(SearchDocument.objects.filter(pk__in=ids).values_list("pk", "key")) if ids else {}
        return [
            keys.get(item) if isinstance(item, int) else item.key
            for item in docs
            if not isinstance(item, int) or item in keys
        ]

    def _sorted(self, docs):
        if self.sort_by != "relevance":
            docs = materialise(docs)
        if self.sort_by == "year":
            return sorted(docs, key=lambda d: -(d.year or 0))
        if self.sort_by == "title":
            return sorted(docs, key=lambda d: (d.title, d.pk))
        return docs

    def execute(self, page=1, per_page=20, facets=True):
        """One page of results with facet counts and, when results are few, a synonym or spelling hint."""
        if not self.q.strip():
            return self._browse(page, per_page, facets)
        parsed, scope, docs = self.ranked()
        folded = fold_editions(docs)
        page = _page_number(page, len(folded), per_page)
        window = folded[(page - 1) * per_page : page * per_page]
        loaded = _load([doc for doc, _others in window if isinstance(doc, int)], with_data=True)
        window = [(loaded.get(doc) if isinstance(doc, int) else doc, others) for doc, others in window]
        window = [(doc, others) for doc, others in window if doc is not None]
        needles = parsed.highlight_texts()
        if self.respelled:
            needles = sorted({*needles, *self.respelled.shown.split()}, key=len, reverse=True)
        counted = 0 if self.exhaustive else self._cached_count(parsed, scope, self.count_mode)
        total = max(len(docs), counted) if parsed.terms else len(docs)
        hits = [self._hit(doc, needles, others) for doc, others in window]
        results = Results(self.q, total, page, per_page, hits)
        results.respelled = self.respelled
        if facets:
            results.facets = self._facets(parsed, scope)
        if total < 5:
            results.hint = hints(parsed)
        return results

    def _browse(self, page, per_page, facets):
        """No query: the filtered documents in stable key order, paged in SQL."""
        parsed, scope = parse(""), Scope(self.scope_types, self.filters)
        total = self.engine.count(parsed, scope)
        page = _page_number(page, total, per_page)
        qs = scope.queryset().order_by("doc_type", "sort_key", "pk")
        if self.sort_by == "year":
            qs = qs.order_by("-year", "sort_key", "pk")
        window = qs[(page - 1) * per_page : page * per_page]
        results = Results("", total, page, per_page, [self._hit(doc, []) for doc in window])
        if facets:
            results.facets = self._facets(parsed, scope)
        return results

    def _hit(self, doc, needles, other_editions=()):
        declaration = self.declarations.get(doc.doc_type)
        fields = doc.data.get("fields", {})
        body = fields.get("description") or fields.get("info") or ""
        return Hit(
            doc=doc,
            label=declaration.label if declaration else doc.doc_type,
            title_html=highlight.highlight(doc.title, needles),
            snippet_html=highlight.snippet(body, needles),
            other_editions=list(other_editions),
        )

    def _facets(self, parsed, scope):
        specs = self.facet_specs()
        counts = self.engine.facet_counts(parsed, scope, list(specs), mode=self.count_mode)
        out = []
        for name, label in specs.items():
            selected = set(self.filters.get(name, []))
            values = [
                {"value": value, "label": value_label, "count": count, "selected": value in selected}
                for value, value_label, count in counts.get(name, [])
            ]
            if values:
                out.append({"name": name, "label": label, "values": values})
        return out


class TextbookSearch(Search):
    """The public textbook search: what `search_batch` measures."""

    doc_types = ("textbook",)


EDITION_RE = re.compile(r"\s*[（(]?第[0-9一二三四五六七八九十百]+版[）)]?\s*")
CHINESE_DIGITS = dict(zip("一二三四五六七八九", range(1, 10), strict=True))


def work_key(doc):
    """Editions of one textbook share this: the title without its edition mark, and the publisher; None for
    documents that are not textbooks, or whose stored data was not loaded (past the reranked head)."""
    if isinstance(doc, int) or doc.doc_type != "textbook" or "data" not in doc.__dict__:
        return None
    return EDITION_RE.sub("", doc.title), doc.data.get("extra", {}).get("publisher", "")


def edition_order(doc):
    """Newest first: by year, then by the edition number in the title (第三版 after 第二版)."""
    match = re.search(r"第([0-9]+|[一二三四五六七八九十]+)版", doc.title)
    number = 1
    if match:
        text = match.group(1)
        number = int(text) if text.isdigit() else _chinese_number(text)
    return (doc.year or 0, number)


def _chinese_number(text):
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + CHINESE_DIGITS.get(text[1:], 0)
    if "十" in text:
        tens, _, units = text.partition("十")
        return CHINESE_DIGITS.get(tens, 0) * 10 + CHINESE_DIGITS.get(units, 0)
    return CHINESE_DIGITS.get(text, 1)


def fold_editions(docs):
    """[(shown document, other editions)]: the editions of one textbook become one result at the place of the
    best-ranked of them, showing the newest (其他版本 N lists the rest), so near-identical editions do not
    crowd the first page."""
    groups, order = {}, []
    for doc in docs:
        key = work_key(doc)
        if key is None:
            order.append([doc])
        elif key in groups:
            groups[key].append(doc)
        else:
            groups[key] = [doc]
            order.append(groups[key])
    folded = []
    for members in order:
        members = sorted(members, key=edition_order, reverse=True) if len(members) > 1 else members
        folded.append((members[0], members[1:]))
    return folded


def materialise(items):
    """Documents for a ranked list whose items past the reranked head are still ids (in one query, data deferred:
    ordering by year or title never reads it)."""
    loaded = _load([item for item in items if isinstance(item, int)], with_data=False)
    return [
        loaded[item] if isinstance(item, int) else item
        for item in items
        if not isinstance(item, int) or item in loaded
    ]


def _load(ids, with_data):
    if not ids:
        return {}
    queryset = SearchDocument.objects.all() if with_data else SearchDocument.objects.defer("data")
    return queryset.in_bulk(ids)


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _page_number(page, total, per_page):
    try:
        page = int(page)
    except (TypeError, ValueError):
        page = 1
    last = max(1, -(-min(total, CANDIDATE_LIMIT) // per_page))
    return min(max(page, 1), last)


def respelling(parsed, top):
    """`Respelled` when the best document matched a term only by sound: each such term replaced by what the
    document's title has in its place (`汗接` → `焊接`); None when the title has every term as typed."""
    title = top.data["norm"].get("title", "")
    shown, changed = [], False
    for old in parsed.terms:
        sound = [alt for alt in old.alternatives if alt.sound]
        reading = (
            ranking.title_reading(sound, title, top.data.get("words", ())) if old.text not in title else None
        )
        shown.append(reading or old.text)
        changed = changed or bool(reading)
    return Respelled(" ".join(shown), parsed.raw) if changed else None


def relax(parsed):
    """The query with each long Han term split into its dictionary words (OR-ed), or None if nothing to relax."""
    from .query import _alternatives

    terms, changed = [], False
    for old in parsed.terms:
        parts = analysis.parts(old.text) if len(old.text) >= 4 else []
        if len(parts) > 1:
            terms.extend(Term(part, _alternatives(part, synonym=False)) for part in parts)
            changed = True
        else:
            terms.append(old)
    return ParsedQuery(parsed.raw, parsed.normalised, terms) if changed else None


def hints(parsed):
    """Synonyms of what was typed, shown as '您是不是要找' links when there are few results."""
    found = []
    for term in parsed.terms:
        for other in synonyms.group_for(term.text):
            if other not in found:
                found.append(other)
    return found[:5]
