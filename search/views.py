"""The public search page, the same search as a JSON API, and suggestions as you type.

Views only read the request and hand it to a query builder (`search.service.Search`); nothing here builds a query.
When the engine cannot answer (`ENGINE_ERRORS`) every view says so in Chinese with HTTP 503; the search runs in a
savepoint so a failed statement on PostgreSQL does not poison the rest of the request.
"""

import logging
import re
import unicodedata

from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render

from catalogue.models import Program

from . import completion, documents
from .service import ENGINE_ERRORS, SORTS, UNAVAILABLE_MESSAGE, Search

logger = logging.getLogger(__name__)
FACET_PARAMS = documents.facet_names()
PER_PAGE = 20
SUGGESTIONS = 8
FACET_SHOWN = 8  # values shown per facet; the rest behind a "更多" disclosure
PROGRAM_CODE = re.compile(r"^[0-9]{4}$")


def build_search(params):
    """A `Search` from GET parameters: q, sort, any facet filter (repeatable), and `exact=1` to search the
    characters as typed (no sound-alike reading: the 仍搜索 link)."""
    search = Search(params.get("q", "")[:200], respell=params.get("exact") != "1")
    search.filter(**{name: params.getlist(name) for name in FACET_PARAMS if params.getlist(name)})
    return search.sort(params.get("sort", "relevance"))


def guarded(work):
    """`work()`'s value, or None when the engine is unavailable (logged once here, shown by the caller)."""
    try:
        with transaction.atomic():
            return work()
    except ENGINE_ERRORS:
        logger.exception("search: engine unavailable")
        return None


def program_for_code(params):
    """The program whose 4-digit code is the whole query (full-width digits too), when the visitor asked for
    nothing else (no facet filter, no page): the header box keeps going straight to a program's page."""
    q = unicodedata.normalize("NFKC", params.get("q", "")).strip()
    if not PROGRAM_CODE.match(q) or "page" in params or any(params.getlist(name) for name in FACET_PARAMS):
        return None
    return Program.objects.filter(code=q).first()


def search_page(request):
    program = program_for_code(request.GET)
    if program is not None:
        return redirect(program.get_absolute_url())
    results = guarded(
        lambda: build_search(request.GET).execute(page=request.GET.get("page", 1), per_page=PER_PAGE)
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "results": results,
        "unavailable": UNAVAILABLE_MESSAGE if results is None else "",
        "q": request.GET.get("q", ""),
        "sort": request.GET.get("sort", "relevance"),
        "sorts": SORTS,
        "query": query.urlencode(),
        "exact_query": _exact(query),
        "exact": request.GET.get("exact") == "1",
        "facets": [_with_links(facet, query) for facet in results.facets] if results else [],
        "filtered": any(request.GET.getlist(name) for name in FACET_PARAMS),
        "selected_count": sum(len(request.GET.getlist(name)) for name in FACET_PARAMS),
    }
    return render(request, "search/search.html", context, status=200 if results else 503)


def _exact(query):
    """The same search (filters and sort kept) with the characters searched exactly as typed."""
    exact = query.copy()
    exact["exact"] = "1"
    return exact.urlencode()


def _with_links(facet, query):
    """Each facet value with the query string that toggles it on or off (other filters kept, page reset), and
    the values split into those always shown and the rest (open when one of them is selected)."""
    for value in facet["values"]:
        toggled = query.copy()
        chosen = toggled.getlist(facet["name"])
        if value["selected"]:
            chosen = [v for v in chosen if v != value["value"]]
        else:
            chosen = [*chosen, value["value"]]
        toggled.setlist(facet["name"], chosen)
        value["query"] = toggled.urlencode()
    facet["shown"], facet["more"] = facet["values"][:FACET_SHOWN], facet["values"][FACET_SHOWN:]
    facet["more_open"] = any(value["selected"] for value in facet["more"])
    return facet


def search_api(request):
    """GET /search/api/?q=…&type=textbook&level=advanced&page=2 → results, facets, hint as JSON."""
    results = guarded(
        lambda: build_search(request.GET).execute(page=request.GET.get("page", 1), per_page=PER_PAGE)
    )
    if results is None:
        return _json({"error": UNAVAILABLE_MESSAGE}, status=503)
    return _json(results.as_json())


def suggest(request):
    """Up to eight titles for what is being typed: Chinese, pinyin, initials, or partly typed (`hanj`, `工业j`)."""
    q = request.GET.get("q", "").strip()[:50]
    titles = guarded(lambda: suggestions(q)) if q else []
    if titles is None:
        return _json({"q": q, "suggestions": [], "error": UNAVAILABLE_MESSAGE}, status=503)
    return _json({"q": q, "suggestions": titles})


def suggestions(q):
    """Titles for what is being typed. Typed letters (pinyin, initials, a mix with characters) are completed from
    the index's initials stream (`search.completion`), which also covers what the ranked search would find for
    them; characters alone are titles containing them, or the ranked search's titles when fewer than a page
    contain them (a sound-alike slip, a rare word)."""
    if completion.wants_completion(q):
        return completion.complete(q, limit=SUGGESTIONS)
    titles = completion.containing(q, limit=SUGGESTIONS)
    if len(titles) == SUGGESTIONS:
        return titles
    _parsed, _scope, docs = Search(q).ranked(limit=40)
    return list(dict.fromkeys(doc.title for doc in docs))[:SUGGESTIONS]


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
