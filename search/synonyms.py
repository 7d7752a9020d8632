"""Synonym groups for query expansion, read from the database and cached until an administrator changes them.

The cache holds a version number shared by every process (Django's cache), and each process keeps the groups for
the version it last read: saving or deleting a `Synonym` bumps the version, so all processes reload on their next
query without a restart and without a database hit per query.
"""

from django.core.cache import cache

from .analysis import DATA_DIR, normalise

VERSION_KEY = "search:synonyms:version"
_local = {"version": None, "groups": ()}


def seed_lines(path=None):
    """Groups from the starting list (`data/synonyms.txt`, a copy of the shared list): one group a line."""
    path = path or DATA_DIR / "synonyms.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def groups():
    """Normalised groups of enabled synonyms, each a tuple of at least two distinct terms."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    if _local["version"] != version:
        _local["groups"] = _load()
        _local["version"] = version
    return _local["groups"]


def _load():
    from .models import Synonym

    loaded = []
    for synonym in Synonym.objects.filter(enabled=True):
        terms = tuple(dict.fromkeys(normalise(term) for term in synonym.term_list()))
        if len(terms) > 1:
            loaded.append(terms)
    return tuple(loaded)


def invalidate(**kwargs):
    """Signal receiver: the next query in any process reloads the groups."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)
    _local["version"] = None


def group_for(term):
    """The other members of the group containing exactly this term: used for the synonym hint."""
    term = normalise(term)
    for group in groups():
        if term in group:
            return [other for other in group if other != term]
    return []
