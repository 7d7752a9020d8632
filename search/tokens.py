"""Turning a prepared document into analysed token streams, grouped as every engine stores them.

Fields of the same weight share a stream (A–D); a separator token between fields stops a phrase from matching
across the end of one field and the start of the next. Short fields also feed the single-character stream and
pinyin fields the syllable stream and the initials stream (one letter per character: `hj`, `skcc`).
"""

from functools import lru_cache

from . import analysis
from .documents import WEIGHTS

SEPARATOR = "0sep0"
STREAMS = (*WEIGHTS, "uni", "py", "ini")
# Relative weight of each stream when an engine scores a match (field boosts in Elasticsearch, BM25 columns in FTS5).
STREAM_WEIGHTS = {**WEIGHTS, "uni": 1.5, "py": 3.0, "ini": 1.0}


def streams(declaration, prepared):
    """{'A': [...], 'B': [...], 'C': [...], 'D': [...], 'uni': [...], 'py': [...], 'ini': [...]} of tokens, fields
    separated."""
    out = {name: [] for name in STREAMS}
    for spec in declaration.fields:
        text = prepared.fields.get(spec.name) or ""
        if not text:
            continue
        phrase, single, syllables, initials = field_tokens(text, spec.short, spec.pinyin)
        _append(out[spec.weight], phrase)
        _append(out["uni"], single)
        _append(out["py"], syllables)
        _append(out["ini"], initials)
    return out


@lru_cache(maxsize=65536)
def field_tokens(text, short, pinyin):
    """(bigrams, unigrams, syllables, initials) of one field's text. Field values repeat across documents (a
    publisher, a level, the programs of a course, templated descriptions), so each is analysed once."""
    normalised = analysis.normalise(text)
    return (
        tuple(analysis.bigrams(normalised)),
        tuple(analysis.unigrams(normalised)) if short else (),
        tuple(analysis.pinyin(normalised)) if pinyin else (),
        tuple(analysis.initial_units(normalised)) if pinyin else (),
    )


def _append(stream, tokens):
    if tokens:
        if stream:
            stream.append(SEPARATOR)
        stream.extend(tokens)


def stored_data(declaration, prepared):
    """What a result needs later without touching the source model: originals, normalised text, pinyin, words."""
    norm = {name: analysis.normalise(text or "") for name, text in prepared.fields.items()}
    sounds = {
        spec.name: field_tokens(prepared.fields[spec.name], spec.short, True)
        for spec in declaration.fields
        if spec.pinyin and norm.get(spec.name)
    }
    pinyin = {name: " " + " ".join(tokens[2]) + " " for name, tokens in sounds.items()}
    initials = {name: "".join(tokens[3]) for name, tokens in sounds.items()}
    primary = " ".join(norm.get(name, "") for name in ("title", "course"))
    return {
        "fields": prepared.fields,
        "norm": norm,
        "py": pinyin,
        "ini": initials,
        "words": sorted(analysis.words(primary)),
        "extra": prepared.extra,
    }
