"""Completing what is being typed, in pinyin: `hanj` → 焊接…, `gongyej` / `gyjqr` / `工业j` → 工业机器人…

The ranked search matches whole terms; while typing, the last syllable is unfinished and syllables may be
given as initials or as the characters themselves. So a title is read as units (character, toneless syllable)
and the typed text must be consumed by consecutive units, each taking either its character, its whole
syllable or its initial; the text may end inside a syllable. Titles where the match starts at the first
character come first.

The index narrows the titles first: whatever the mix, the typed text stands for a sequence of initials, which
the engine matches as a phrase of its initials stream (`search.tokens`); only those candidates are read as
units here, never every title.
"""

from collections import Counter
from functools import lru_cache

from . import analysis, documents
from .engines import get_engine
from .idlists import among
from .models import SearchDocument
from .query import Alternative, ParsedQuery, Term

LIMIT = 8
# Titles read per completion: a sample large enough to find a page of completions and the commonest reading
# among them; every title read costs normalising and reading its units when first seen.
CANDIDATES = 400


def wants_completion(typed):
    """Only text with latin letters needs it: Chinese alone is already a substring match in the ranked search."""
    return any("a" <= char <= "z" for char in compact(typed))


def compact(typed):
    return "".join(analysis.query_terms(analysis.normalise(typed)))[:50]


def complete(typed, exclude=(), limit=LIMIT, engine=None):
    """Up to `limit` indexed titles the typed text completes into, best first, none of `exclude`."""
    query = compact(typed)
    initials = analysis.typed_initials(query)
    if not initials:
        return []
    parsed = ParsedQuery(query, query, [Term(query, [Alternative("initials", tuple(initials), query)])])
    found = []
    for title, normalised in candidate_titles(parsed, engine):
        if title in exclude:
            continue
        title_units = normalised_units(normalised)
        start = match_start(query, title_units)
        if start is not None:
            reading = "".join(char for char, _syllable in title_units[start : start + len(initials)])
            found.append((start > 0, reading, len(found), title))
    # The commonest reading first (`hj`: the many 焊接 titles before the few 环境 ones), as an input method would.
    readings = Counter(reading for _late, reading, _order, _title in found)
    found.sort(key=lambda item: (item[0], -readings[item[1]], item[2]))
    return [title for _late, _reading, _order, title in found[:limit]]


def containing(typed, limit=LIMIT, engine=None):
    """Up to `limit` indexed titles containing what was typed, when it is one run of two or more Han characters:
    titles starting with it first. The index answers unscored (a bigram phrase is a substring match), so this
    costs a few milliseconds where the ranked search would score every match; `[]` when it does not apply."""
    query = compact(typed)
    if len(query) < 2 or analysis.runs(query) != [("han", query)]:
        return []
    parsed = ParsedQuery(
        query, query, [Term(query, [Alternative("phrase", tuple(analysis.bigrams(query)), query)])]
    )
    found = [
        (not normalised.startswith(query), title)
        for title, normalised in candidate_titles(parsed, engine)
        if query in normalised
    ]
    found.sort(key=lambda item: item[0])
    return [title for _late, title in found[:limit]]


def candidate_titles(parsed, engine=None):
    """(title, normalised title) of up to CANDIDATES unscored matches, distinct, in the index's sort order.
    Normalising is cached per title (reading the index's stored form costs every call a JSON parse per row)."""
    from .service import Scope

    found_ids = (engine or get_engine()).matches(parsed, Scope(tuple(documents.registry()), {}), CANDIDATES)
    rows = (
        SearchDocument.objects.filter(pk__in=among(found_ids))
        .order_by("sort_key", "pk")
        .values_list("title", flat=True)
    )
    return [(title, analysis.normalise(title)) for title in dict.fromkeys(rows)]


@lru_cache(maxsize=65536)
def normalised_units(normalised):
    """((character, syllable or ''), …) of a normalised title's letters, digits and Han characters."""
    out = []
    for kind, text in analysis.runs(normalised):
        if kind == "han":
            syllables = analysis._run_pinyin(text)
            if len(syllables) != len(text):  # a rare reading spanning characters: fall back to one by one
                syllables = [analysis._run_pinyin(char)[0] for char in text]
            out.extend(
                (char, syllable if syllable.isascii() else "")
                for char, syllable in zip(text, syllables, strict=True)
            )
        else:
            out.extend((char, "") for char in text)
    return tuple(out)


def match_start(query, title_units):
    """Index of the first unit where the typed text matches, or None.

    Whether the rest of the text matches from a unit does not depend on where the match started, so one memo
    serves every start; a start is only tried where its unit can take the first typed letter."""
    seen = {}
    first = query[0]
    for start, (char, syllable) in enumerate(title_units):
        if (char == first or syllable[:1] == first) and _matches(query, title_units, 0, start, seen):
            return start
    return None


def _matches(query, title_units, i, k, seen):
    if i == len(query):
        return True
    if (i, k) in seen:
        return seen[(i, k)]
    if k == len(title_units):
        return False
    char, syllable = title_units[k]
    rest = query[i:]
    result = query[i] == char and _matches(query, title_units, i + 1, k + 1, seen)
    if not result and syllable:
        result = (
            syllable.startswith(rest)
            or (rest.startswith(syllable) and _matches(query, title_units, i + len(syllable), k + 1, seen))
            or (rest[0] == syllable[0] and _matches(query, title_units, i + 1, k + 1, seen))
        )
    seen[(i, k)] = result
    return result
