"""The one analysis chain every engine shares, in pure Python.

Chinese has no spaces, and the default tokenisers of SQLite, PostgreSQL and Elasticsearch either index a whole run
of Han characters as one token or split it into single characters. So text is analysed here, once, into
whitespace-separated tokens that any engine stores verbatim:

- normalise: NFKC (full-width → half-width), case folding, traditional → simplified;
- overlapping bigrams of each Han run (a lone character stands for itself), latin and digit runs as words, so a
  query phrase matched as a phrase of bigrams has exact-substring semantics with no dictionary;
- single characters for short fields, so a one-character query (`焊`) still finds `焊条电弧焊`;
- pinyin syllables (full) and initials, so `hanjie` finds 焊接 and `hj` suggests it;
- dictionary words (jieba) only as a ranking boost, never as the only way to match.
"""

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
RUN_RE = re.compile(rf"([{HAN}]+)|([0-9a-z]+)")
HAN_RE = re.compile(rf"[{HAN}]")
TERM_SPLIT_RE = re.compile(rf"[^{HAN}0-9a-z]+")


@cache
def _t2s():
    """OpenCC's table is loaded once per process on first use, not at import (keeps startup and tests fast)."""
    from opencc_purepy import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def _normalise(text):
    folded = unicodedata.normalize("NFKC", text).casefold()
    if HAN_RE.search(folded):
        folded = _t2s().convert(folded)
    return folded


def normalise(text):
    """NFKC, case folding and traditional → simplified: the form every index and every query is compared in."""
    return _normalise(str(text)) if text else ""


def runs(normalised):
    """(kind, text) runs of a normalised string: 'han' for Han characters, 'word' for latin letters and digits."""
    return [("han", m.group(1)) if m.group(1) else ("word", m.group(2)) for m in RUN_RE.finditer(normalised)]


def bigrams(normalised):
    """Overlapping bigrams of Han runs and whole latin/digit words, in text order (a phrase stream)."""
    tokens = []
    for kind, text in runs(normalised):
        if kind == "han" and len(text) > 1:
            tokens.extend(text[i : i + 2] for i in range(len(text) - 1))
        else:
            tokens.append(text)
    return tokens


def unigrams(normalised):
    """Single Han characters, for short fields only: one-character queries match here."""
    return [char for kind, text in runs(normalised) if kind == "han" for char in text]


def pinyin(normalised):
    """Toneless pinyin syllables of Han runs; latin words pass through so mixed titles keep their order."""
    tokens = []
    for kind, text in runs(normalised):
        tokens.extend(_run_pinyin(text) if kind == "han" else [text])
    return [token for token in tokens if token.isascii() and token.isalnum()]


@lru_cache(maxsize=65536)
def _run_pinyin(run):
    """Runs repeat across documents (program names, courses), so their conversion is cached."""
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(run))


def initials(normalised):
    """First letters of each syllable ('hjjg' for 焊接结构): typed by users who know the title."""
    return "".join(token[0] for token in pinyin(normalised))


def words(normalised):
    """Dictionary words (jieba) of at least two characters: used to boost ranking, never to decide a match."""
    import rjieba

    return {word for word in rjieba.cut(normalised) if len(word) > 1 and not word.isspace()}


@cache
def syllables():
    """Every toneless pinyin syllable, generated once from pypinyin's dictionary into `data/`."""
    return frozenset((DATA_DIR / "pinyin_syllables.txt").read_text(encoding="utf-8").split())


def segment_pinyin(text):
    """Split a latin string into the fewest pinyin syllables ('shukongchechuang' → shu kong che chuang), or None.

    Dynamic programming over prefixes; the fewest syllables is the usual reading (`xian` is 先, not 西安).
    """
    text = text.lower()
    if not text.isascii() or not text.isalpha():
        return None
    known = syllables()
    best = [None] * (len(text) + 1)
    best[0] = []
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - 6), end):
            if best[start] is not None and text[start:end] in known:
                candidate = [*best[start], text[start:end]]
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[-1]


def query_terms(normalised):
    """Terms a user typed: split on spaces and punctuation, each matched on its own (AND, then near matches)."""
    return [term for term in TERM_SPLIT_RE.split(normalised) if term]


def expand_synonyms(term, groups):
    """The term itself, then every variant obtained by swapping a synonym found in it for the others of its group.

    Groups are normalised already (see `search.synonyms`); substring replacement lets `汽修教材` reach
    `汽车维修教材` as well as the bare group member.
    """
    variants = [term]
    for group in groups:
        for member in group:
            if member and member in term:
                for other in group:
                    variant = term.replace(member, other)
                    if other != member and variant not in variants:
                        variants.append(variant)
    return variants[:8]
