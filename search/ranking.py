"""Final ordering of the candidates an engine returns, the same for every engine and database.

The engine's own score (BM25 on SQLite, ts_rank on PostgreSQL, Lucene on Elasticsearch) finds and pre-orders
candidates; this pass makes the order exact and portable: an exact key (ISBN, program code) first, then documents
matching every term before near matches (one of two terms), then by which fields matched — a title beats a course
beats a program name beats the description — with a dictionary-word boost and the exact title on top.
"""

from .documents import WEIGHTS

SYNONYM_FACTOR = 0.8
UNIGRAM_FACTOR = 0.6


def alt_matches(alt, norm, pinyin):
    """Does this alternative occur in the field? (substring of the normalised text, or of its syllables)."""
    if alt.kind == "pinyin":
        return pinyin is not None and " " + " ".join(alt.tokens) + " " in pinyin
    return alt.text in norm


def term_score(term, declaration, data):
    """The best weighted field match of any alternative of the term (0 if none)."""
    best = 0.0
    for spec in declaration.fields:
        norm = data["norm"].get(spec.name) or ""
        if not norm:
            continue
        for alt in term.alternatives:
            if alt.kind == "unigram" and not spec.short:
                continue
            if alt_matches(alt, norm, data.get("py", {}).get(spec.name)):
                factor = (SYNONYM_FACTOR if alt.synonym else 1.0) * (
                    UNIGRAM_FACTOR if alt.kind == "unigram" else 1.0
                )
                best = max(best, WEIGHTS[spec.weight] * factor)
    return best


def score(parsed, declaration, doc, term_weights=None):
    """(terms matched, relevance) for one candidate; the caller sorts by these, then the engine score.

    `term_weights` (inverse document frequencies) make the rarer of two terms count more, so near matches for
    `世赛 焊接` are about welding rather than any WorldSkills title.
    """
    data = doc.data
    weights = term_weights or [1.0] * len(parsed.terms)
    scores = [term_score(term, declaration, data) for term in parsed.terms]
    matched = sum(1 for s in scores if s > 0)
    relevance = sum(s * w for s, w in zip(scores, weights, strict=True))
    title = data["norm"].get("title", "")
    query = "".join(term.text for term in parsed.terms)
    if title and query:
        compact_title = "".join(ch for ch in title if ch.isalnum())
        if compact_title == query:
            relevance += 100
        elif compact_title.startswith(query):
            relevance += 3
        relevance += min(len(query) / max(len(compact_title), 1), 1.0)
    relevance += 0.5 * len(_query_words(parsed) & set(data.get("words", ())))
    return matched, relevance


def _query_words(parsed):
    from . import analysis

    return {word for term in parsed.terms for word in analysis.words(term.text)}


def order(parsed, declarations, docs, engine_scores, exact_ids, term_weights=None):
    """Sort documents best first; ties fall back to the engine's score, then the stable sort key."""

    def key(doc):
        matched, relevance = score(parsed, declarations[doc.doc_type], doc, term_weights)
        return (
            doc.pk not in exact_ids,
            -matched,
            -round(relevance, 4),
            -engine_scores.get(doc.pk, 0.0),
            doc.sort_key,
            doc.pk,
        )

    return sorted(docs, key=key)
