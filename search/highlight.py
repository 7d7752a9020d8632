"""Highlighting on the original text: matches are found in normalised form and marked in what the user sees.

Normalisation is applied one character at a time with a map back to the original positions, so `數控` typed by a
user marks `数控` in a simplified title and a full-width `ＰＬＣ` is marked as typed.
"""

from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import analysis


@lru_cache(maxsize=20000)
def _normalise_char(char):
    return analysis.normalise(char) or char


def _normalised_with_map(text):
    chars, origin = [], []
    for index, char in enumerate(text):
        for out in _normalise_char(char):
            chars.append(out)
            origin.append(index)
    return "".join(chars), origin


def spans(text, needles):
    """Merged (start, end) spans of the original text where any normalised needle occurs."""
    normalised, origin = _normalised_with_map(text)
    found = []
    for needle in needles:
        if not needle:
            continue
        start = normalised.find(needle)
        while start != -1:
            found.append((origin[start], origin[start + len(needle) - 1] + 1))
            start = normalised.find(needle, start + len(needle))
    merged = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, needles):
    """Escaped text with <mark> around matches."""
    text = text or ""
    out, cursor = [], 0
    for start, end in spans(text, needles):
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def snippet(text, needles, width=80):
    """A window of the text around the first match (or its start), highlighted."""
    text = text or ""
    found = spans(text, needles)
    start = max(0, found[0][0] - width // 4) if found else 0
    window = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(window, needles) + suffix)  # noqa: S308 - highlight() escapes
