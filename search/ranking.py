"""Final ordering of the candidates an engine returns, the same for every engine and database.

The engine's own score (BM25 on SQLite, ts_rank on PostgreSQL, Lucene on Elasticsearch) finds and pre-orders
candidates; this pass makes the order exact and portable: an exact key (ISBN, program code) first, then documents
matching every term before near matches (one of two terms), then by which fields matched — a title beats a course
beats a program name beats the description — with a dictionary-word boost and the exact title on top.
"""

from collections import Counter
from functools import lru_cache

from . import analysis
from .documents import WEIGHTS

SYNONYM_FACTOR = 0.8
UNIGRAM_FACTOR = 0.6
# Characters typed as initials or misheard as another character of the same sound match less surely than the
# characters themselves: every exact match of a title outranks them.
INITIALS_FACTOR = 0.5
SOUND_FACTOR = 0.5


def alt_matches(alt, norm, pinyin, initials=None):
    """Does this alternative occur in the field? (substring of the normalised text, its syllables or initials)."""
    if alt.kind == "pinyin":
        return pinyin is not None and _needle(alt) in pinyin
    if alt.kind == "initials":
        return initials is not None and _needle(alt) in initials
    return alt.text in norm


@lru_cache(maxsize=4096)
def _needle(alt):
    """What a pinyin or initials alternative looks for in the stored field (" han jie ", "hj"), built once."""
    return f" {' '.join(alt.tokens)} " if alt.kind == "pinyin" else "".join(alt.tokens)


@lru_cache(maxsize=4096)
def alt_factor(alt):
    factor = SYNONYM_FACTOR if alt.synonym else 1.0
    if alt.kind == "unigram":
        factor *= UNIGRAM_FACTOR
    if alt.kind == "initials":
        factor *= INITIALS_FACTOR
    if alt.sound:
        factor *= SOUND_FACTOR
    return factor


def field_rows(declaration, data):
    """(weight, short, normalised text, syllables, initials) of each filled field, heaviest first: read once per
    document, whatever the number of terms."""
    norms, syllables, initials = data["norm"], data.get("py", {}), data.get("ini", {})
    return [
        (weight, spec.short, norm, syllables.get(spec.name), initials.get(spec.name))
        for weight, spec in _heaviest_first(declaration)
        if (norm := norms.get(spec.name))
    ]


@lru_cache(maxsize=32)
def _heaviest_first(declaration):
    return tuple(
        sorted(((WEIGHTS[spec.weight], spec) for spec in declaration.fields), key=lambda item: -item[0])
    )


@lru_cache(maxsize=65536)
def _compact(title):
    """The title's letters, digits and Han characters only (what a query is compared with)."""
    return "".join(ch for ch in title if ch.isalnum())


def term_score(term, rows):
    """The best weighted field match of any alternative of the term (0 if none), over `field_rows`."""
    best = 0.0
    for weight, short, norm, syllables, initials in rows:
        if weight <= best:  # no factor exceeds 1 and the rest weigh no more: nothing can do better
            break
        for alt in term.alternatives:
            if alt.kind == "unigram" and not short:
                continue
            if alt_matches(alt, norm, syllables, initials):
                best = max(best, weight * alt_factor(alt))
    return best


# A term typed as initials or sounded out can be read several ways (`hj`: 焊接, 环境, 焊技 in 氩弧焊技术): the
# reading that is a dictionary word of the title, and the reading most candidates share, come first.
READING_SHARE_BONUS = 2.0
READING_WORD_BONUS = 1.0


def title_reading(alternatives, title, words):
    """The substring of the title that an initials or sound alternative matched and that is a dictionary word of
    it (`焊接` in 焊接检验, not `化教` in 一体化教程), or None."""
    for alt in alternatives:
        by = "initials" if alt.kind == "initials" else "syllables"
        for reading in analysis.readings(title, alt.tokens, by):
            if reading in words:
                return reading
    return None


def _loose(term):
    return [alt for alt in term.alternatives if alt.kind == "initials" or alt.sound]


def reading_counts(parsed, docs):
    """{term index: Counter(reading)} over the candidates, for terms matched by initials or by sound."""
    counts = {}
    for index, term in enumerate(parsed.terms):
        loose = _loose(term)
        if loose:
            counts[index] = Counter(
                reading
                for doc in docs
                if (
                    reading := title_reading(
                        loose, doc.data["norm"].get("title", ""), doc.data.get("words", ())
                    )
                )
            )
    return counts


def _reading_bonus(parsed, data, counts):
    title, words = data["norm"].get("title", ""), data.get("words", ())
    bonus = 0.0
    for index, counter in counts.items():
        term = parsed.terms[index]
        reading = title_reading(_loose(term), title, words) if term.text not in title else None
        if reading and counter:
            bonus += READING_WORD_BONUS + READING_SHARE_BONUS * counter[reading] / max(counter.values())
    return bonus


def score(parsed, declaration, doc, term_weights=None, readings=None):
    """(terms matched, relevance) for one candidate; the caller sorts by these, then the engine score.

    `term_weights` (inverse document frequencies) make the rarer of two terms count more, so near matches for
    `世赛 焊接` are about welding rather than any WorldSkills title.
    """
    data = doc.data
    weights = term_weights or [1.0] * len(parsed.terms)
    rows = field_rows(declaration, data)
    scores = [term_score(term, rows) for term in parsed.terms]
    matched = sum(1 for s in scores if s > 0)
    relevance = sum(s * w for s, w in zip(scores, weights, strict=True))
    title = data["norm"].get("title", "")
    query = "".join(term.text for term in parsed.terms)
    if title and query:
        compact_title = _compact(title)
        if compact_title == query:
            relevance += 100
        elif compact_title.startswith(query):
            relevance += 3
        relevance += min(len(query) / max(len(compact_title), 1), 1.0)
    relevance += 0.5 * len(parsed.words & set(data.get("words", ())))
    if readings:
        relevance += _reading_bonus(parsed, data, readings)
    return matched, relevance


def in_primary_field(parsed, doc):
    """Does the title or the course hold every term (as typed, a synonym, its pinyin or its initials)?"""
    data = doc.data
    return all(
        any(
            alt.kind != "unigram"
            and alt_matches(
                alt, data["norm"].get(name) or "", data.get("py", {}).get(name), data.get("ini", {}).get(name)
            )
            for alt in term.alternatives
            for name in ("title", "course")
        )
        for term in parsed.terms
    )


def order(parsed, declarations, docs, engine_scores, exact_ids, term_weights=None, by_matched=True):
    """Sort documents best first; ties fall back to the engine's score, then the stable sort key.

    `by_matched=False` (the words of a relaxed phrase) ranks by weighted relevance alone: a title holding the
    rarer word beats a document holding both words in minor fields."""
    readings = reading_counts(parsed, docs)

    def key(doc):
        matched, relevance = score(parsed, declarations[doc.doc_type], doc, term_weights, readings)
        return (
            doc.pk not in exact_ids,
            -matched if by_matched else 0,
            -round(relevance, 4),
            -engine_scores.get(doc.pk, 0.0),
            doc.sort_key,
            doc.pk,
        )

    return sorted(docs, key=key)
