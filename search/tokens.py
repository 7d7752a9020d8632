"""Turning a prepared document into analysed token streams, grouped as every engine stores them.

Fields of the same weight share a stream (A–D); a separator token between fields stops a phrase from matching
across the end of one field and the start of the next. Short fields also feed the single-character stream and
pinyin fields the syllable stream and the initials stream (one letter per character: `hj`, `skcc`).
"""

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
        normalised = analysis.normalise(prepared.fields.get(spec.name) or "")
        if not normalised:
            continue
        _append(out[spec.weight], analysis.bigrams(normalised))
        if spec.short:
            _append(out["uni"], analysis.unigrams(normalised))
        if spec.pinyin:
            _append(out["py"], analysis.pinyin(normalised))
            _append(out["ini"], analysis.initial_units(normalised))
    return out


def _append(stream, tokens):
    if tokens:
        if stream:
            stream.append(SEPARATOR)
        stream.extend(tokens)


def stored_data(declaration, prepared):
    """What a result needs later without touching the source model: originals, normalised text, pinyin, words."""
    norm = {name: analysis.normalise(text or "") for name, text in prepared.fields.items()}
    pinyin = {
        spec.name: " " + " ".join(analysis.pinyin(norm[spec.name])) + " "
        for spec in declaration.fields
        if spec.pinyin and norm.get(spec.name)
    }
    initials = {
        spec.name: "".join(analysis.initial_units(norm[spec.name]))
        for spec in declaration.fields
        if spec.pinyin and norm.get(spec.name)
    }
    primary = " ".join(norm.get(name, "") for name in ("title", "course"))
    return {
        "fields": prepared.fields,
        "norm": norm,
        "py": pinyin,
        "ini": initials,
        "words": sorted(analysis.words(primary)),
        "initials": analysis.initials(norm.get("title", "")),
        "extra": prepared.extra,
    }
