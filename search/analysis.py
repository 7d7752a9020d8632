"""The one analysis chain every engine shares, in pure Python.

Chinese has no spaces, and the default tokenisers of SQLite, PostgreSQL and Elasticsearch either index a whole run
of Han characters as one token or split it into single characters. So text is analysed here, once, into
whitespace-separated tokens that any engine stores verbatim:

- normalise: NFKC (full-width → half-width), case folding, traditional → simplified, variant characters (异体字)
  → their standard forms (`銲` → `焊`);
- overlapping bigrams of each Han run (a lone character stands for itself), latin and digit runs as words, so a
  query phrase matched as a phrase of bigrams has exact-substring semantics with no dictionary;
- single characters for short fields, so a one-character query (`焊`) still finds `焊条电弧焊`;
- pinyin syllables (full) and per-character initials, so `hanjie` and `hj` both find 焊接;
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


@cache
def _variants():
    """{ord(variant): standard} for characters that are variants (异体字) of a standard simplified character.

    The table is char-converter's `v2s` (built from the Dictionary of Variant Chinese Characters and the General
    Standard Chinese Characters Table). It also lists some standard characters as variants of older forms
    (`机` → `几`), so only characters outside GB 2312 are mapped: those are the rare forms a user or a scanned
    title brings in (`銲`, `牀`, `倣`), while every character of everyday simplified text stays as it is.
    """
    import importlib.util

    import msgpack

    # The data file is read without importing the package (its module imports pkg_resources, which is deprecated).
    package = Path(importlib.util.find_spec("char_converter").submodule_search_locations[0])
    raw = (package / "data" / "v2s.msgpack").read_bytes()
    table = {}
    for variant, standards in msgpack.unpackb(raw, raw=False).items():
        if len(variant) == 1 and standards and standards[0] != variant and not _in_gb2312(variant):
            table[ord(variant)] = standards[0]
    return table


def _in_gb2312(char):
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=65536)
def _normalise(text):
    folded = unicodedata.normalize("NFKC", text).casefold()
    if HAN_RE.search(folded):
        folded = _t2s().convert(folded).translate(_variants())
    return folded


def normalise(text):
    """NFKC, case folding, traditional → simplified and variant → standard characters: the form every index and
    every query is compared in."""
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

    # A character with no reading keeps a token of its own (never merged with its neighbours): one token per
    # character, so initials and syllables map back to the characters they came from.
    return tuple(lazy_pinyin(run, errors=list))


def initial_units(normalised):
    """One letter per unit of the text, in order: a Han character's pinyin initial, or each letter and digit of a
    latin word (`数控车床` → s k c c, `PLC应用` → p l c y y). The initials stream is these, so a query of initials
    (`skcc`), or of characters and initials mixed (`数控cc`), is a phrase of it."""
    units = []
    for kind, text in runs(normalised):
        if kind == "han":
            units.extend(
                syllable[0] for syllable in _run_pinyin(text) if syllable.isascii() and syllable.isalnum()
            )
        else:
            units.extend(text)
    return units


@lru_cache(maxsize=65536)
def units_with_spans(normalised):
    """(initial, syllable, start, end) for each unit of the text (a Han character, or a letter or digit of a latin
    word), so a run of matched initials or syllables can be mapped back to the characters it covers."""
    units = []
    for match in RUN_RE.finditer(normalised):
        if match.group(1):
            for offset, syllable in enumerate(_run_pinyin(match.group(1))):
                start = match.start() + offset
                units.append((syllable[0] if syllable else "", syllable, start, start + 1))
        else:
            units.extend(
                (char, char, match.start() + i, match.start() + i + 1)
                for i, char in enumerate(match.group(2))
            )
    return tuple(units)


@lru_cache(maxsize=65536)
def readings(normalised, tokens, by):
    """Every substring of the text whose units' initials (`by="initials"`) or syllables (`by="syllables"`) are
    `tokens` in order: `readings("氩弧焊技术焊接", ("h", "j"), "initials")` → ('焊技', '焊接'). Cached: the ranking
    asks it of every candidate title, and again for each reading of the query."""
    units = units_with_spans(normalised)
    index = 0 if by == "initials" else 1
    size, found = len(tokens), []
    for start in range(len(units) - size + 1):
        if all(units[start + i][index] == tokens[i] for i in range(size)):
            found.append(normalised[units[start][2] : units[start + size - 1][3]])
    return tuple(found)


def query_initials(term):
    """The initials a typed term stands for, or None when it is plain characters or plain pinyin.

    Latin letters are read as the fewest units, each a whole syllable or a single letter (`gongyejqr` → gong ye
    j q r, `skcc` → s k c c), Han characters as their initials. A term counts as initials when it mixes characters
    and letters (`数控cc`, `数控chechuang`) or when its letters need at least one lone letter (`hj`, `hanj`)."""
    found = runs(term)
    if not any(kind == "word" for kind, _ in found):
        return None
    units, lone = [], False
    for kind, text in found:
        if kind == "han":
            units.extend(syllable[0] for syllable in _run_pinyin(text))
            continue
        if not text.isalpha():
            return None
        reading = _syllables_or_letters(text)
        lone = lone or any(unit not in syllables() for unit in reading)
        units.extend(unit[0] for unit in reading)
    mixed = len(found) > 1
    return units if len(units) >= 2 and (lone or mixed) else None


def typed_initials(text):
    """The initials of whatever is being typed, read as units (`hanj`, `gongyej`, `gyjqr`, `工业j` → g y j …):
    the index's initials stream narrows the titles a completion can be, whatever the mix."""
    units = []
    for kind, run in runs(text):
        if kind == "han":
            units.extend(syllable[0] for syllable in _run_pinyin(run))
        elif run.isalpha():
            units.extend(unit[0] for unit in _syllables_or_letters(run))
        else:
            units.extend(run)
    return units


def _syllables_or_letters(text):
    """Fewest units covering `text`, each a pinyin syllable or a single letter (letters only where needed)."""
    known = syllables()
    best = [None] * (len(text) + 1)
    best[0] = []
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - 6), end):
            piece = text[start:end]
            if best[start] is not None and (piece in known or len(piece) == 1):
                candidate = [*best[start], piece]
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[-1]


def words(normalised):
    """Dictionary words (jieba) of at least two characters: used to boost ranking, never to decide a match."""
    import rjieba

    return {word for word in rjieba.cut(normalised) if len(word) > 1 and not word.isspace()}


def parts(normalised):
    """The words of a long term in text order, for relaxing it (`焊接技术` → 焊接, 技术). A term the dictionary
    holds as one word (`数控技术`) is split into the shorter words it contains."""
    import rjieba

    found = sorted(words(normalised), key=normalised.find)
    if len(found) > 1:
        return found
    inner = {word for word in rjieba.cut_for_search(normalised) if 2 <= len(word) < len(normalised)}
    inner = {word for word in inner if not any(word != other and word in other for other in inner)}
    return sorted(inner, key=normalised.find)


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


@cache
def noise_words():
    """Generic words (教材, 书, 关于, 的 …) that say nothing about which title is meant: `data/noise_words.txt`."""
    lines = (DATA_DIR / "noise_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(normalise(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def strip_noise(term):
    """The term without generic words at its start or end (`关于焊接的教材` → `焊接`), never shorter than two
    characters."""
    noise = sorted(noise_words(), key=len, reverse=True)
    stripped, changed = term, True
    while changed:
        changed = False
        for word in noise:
            if len(stripped) - len(word) < 2:
                continue  # never strip down to a single character (`书法`, `的确` stay whole)
            if stripped.startswith(word):
                stripped, changed = stripped[len(word) :], True
            elif stripped.endswith(word):
                stripped, changed = stripped[: -len(word)], True
    return stripped


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
