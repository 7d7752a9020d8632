"""What a user typed, parsed once into terms and their alternatives, for every engine to translate.

A term is matched if any of its alternatives matches: the bigram phrase of the term (exact substring), a synonym
variant's phrase, a single character in the short-field unigrams, a pinyin syllable sequence, or a sequence of
pinyin initials (`hj`, `数控cc`). Exact characters rank above pinyin, pinyin above initials. Terms are
combined with AND for the exact tier and with OR for near matches, which rank after.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property

from . import analysis, synonyms

ISBN_RE = re.compile(r"^(?:97[89])?[0-9][0-9-]{8,15}[0-9x]$")
CODE_RE = re.compile(r"^[0-9]{4}$")


@dataclass(frozen=True)
class Alternative:
    """One way to match a term: `kind` is 'phrase' (bigrams), 'unigram', 'pinyin' or 'initials'; `synonym` and
    `sound` (the term's own pinyin, tried when its characters find little: a sound-alike slip) rank it lower."""

    kind: str
    tokens: tuple
    text: str
    synonym: bool = False
    sound: bool = False


@dataclass
class Term:
    text: str
    alternatives: list = field(default_factory=list)


@dataclass
class ParsedQuery:
    raw: str
    normalised: str
    terms: list
    key: str = ""

    def __bool__(self):
        return bool(self.terms or self.key)

    @cached_property
    def words(self):
        """Dictionary words of the terms (a ranking boost), computed once per parsed query."""
        return {word for term in self.terms for word in analysis.words(term.text)}

    def highlight_texts(self):
        """The normalised strings worth marking in the original text (phrases and synonym variants)."""
        return sorted(
            {
                alt.text
                for term in self.terms
                for alt in term.alternatives
                if alt.kind in ("phrase", "unigram")
            },
            key=len,
            reverse=True,
        )


def parse(raw, synonym_groups=None):
    """Normalise, split into terms, expand synonyms and pinyin; recognise an ISBN or a program code as a key."""
    raw = (raw or "").strip()[:200]
    normalised = analysis.normalise(raw)
    groups = synonyms.groups() if synonym_groups is None else synonym_groups
    texts = analysis.query_terms(normalised)[:8]
    # Generic words (教材, 书, 关于 …) would match nearly everything: they count only when they are the whole query.
    texts = [text for text in texts if text not in analysis.noise_words()] or texts
    texts = _join_syllables(texts)
    terms = [_term(text, groups) for text in texts]
    return ParsedQuery(raw=raw, normalised=normalised, terms=terms, key=exact_key(normalised))


def _join_syllables(texts):
    """Pinyin typed syllable by syllable (`han jie`, `shu kong che chuang`) is one term, as if typed together."""
    joined = []
    for text in texts:
        single = analysis.segment_pinyin(text)
        if single and len(single) == 1 and joined and joined[-1][1]:
            joined[-1] = (joined[-1][0] + text, True)
        else:
            joined.append((text, bool(single and len(single) == 1)))
    return [text for text, _ in joined]


def term(text, synonym_groups=None):
    """One term parsed as `parse` would (its synonyms, pinyin and initials alternatives)."""
    return _term(text, synonyms.groups() if synonym_groups is None else synonym_groups)


def with_sound(parsed, needs=lambda term: True):
    """The query with each Han term that `needs` it also matched by its own pinyin (`汗接` → han jie finds 焊接),
    ranked below the characters; None if no term has Han characters to sound out."""
    terms, changed = [], False
    for old in parsed.terms:
        han = analysis.HAN_RE.search(old.text)
        syllables = tuple(analysis.pinyin(old.text)) if han and needs(old) else ()
        if len(syllables) >= 2:
            sound = Alternative("pinyin", syllables, old.text, sound=True)
            terms.append(Term(old.text, [*old.alternatives, sound]))
            changed = True
        else:
            terms.append(old)
    return ParsedQuery(parsed.raw, parsed.normalised, terms, parsed.key) if changed else None


def exact_key(normalised):
    """An ISBN with or without hyphens (10 or 13 digits) or a 4-digit program code, else ''."""
    compact = normalised.replace(" ", "")
    if CODE_RE.match(compact):
        return compact
    if ISBN_RE.match(compact):
        digits = compact.replace("-", "")
        if len(digits) in (10, 13):
            return digits.upper()
    return ""


def _term(text, groups):
    term = Term(text=text)
    for position, variant in enumerate(analysis.expand_synonyms(text, groups)):
        term.alternatives.extend(_alternatives(variant, synonym=position > 0))
    return term


def _alternatives(text, synonym):
    found = []
    tokens = tuple(analysis.bigrams(text))
    if tokens:
        found.append(Alternative("phrase", tokens, text, synonym))
    if len(text) == 1 and analysis.HAN_RE.match(text):
        found.append(Alternative("unigram", (text,), text, synonym))
    syllables = analysis.segment_pinyin(text) if not synonym else None
    if syllables and (len(syllables) > 1 or len(text) >= 4):
        found.append(Alternative("pinyin", tuple(syllables), text, synonym))
    units = analysis.query_initials(text) if not synonym else None
    if units:
        found.append(Alternative("initials", tuple(units), text, synonym))
    return found
