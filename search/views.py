"""The public search page, the same search as a JSON API, and suggestions as you type.

Views only read the request and hand it to a query builder (`search.service.Search`); nothing here builds a query.
"""

from django.http import JsonResponse
from django.shortcuts import render

from .models import SearchDocument
from .service import SORTS, Search

FACET_PARAMS = ("type", "kind", "level", "category", "program", "publisher", "batch")
PER_PAGE = 20


def build_search(params):
    """A `Search` from GET parameters: q, sort and any facet filter (repeatable)."""
    search = Search(params.get("q", "")[:200])
    search.filter(**{name: params.getlist(name) for name in FACET_PARAMS if params.getlist(name)})
    return search.sort(params.get("sort", "relevance"))


def search_page(request):
    results = build_search(request.GET).execute(page=request.GET.get("page", 1), per_page=PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "results": results,
        "q": request.GET.get("q", ""),
        "sort": request.GET.get("sort", "relevance"),
        "sorts": SORTS,
        "query": query.urlencode(),
        "facets": [_with_links(facet, query) for facet in results.facets],
        "filtered": any(request.GET.getlist(name) for name in FACET_PARAMS),
    }
    return render(request, "search/search.html", context)


def _with_links(facet, query):
    """Each facet value with the query string that toggles it on or off (other filters kept, page reset)."""
    for value in facet["values"]:
        toggled = query.copy()
        chosen = toggled.getlist(facet["name"])
        if value["selected"]:
            chosen = [v for v in chosen if v != value["value"]]
        else:
            chosen = [*chosen, value["value"]]
        toggled.setlist(facet["name"], chosen)
        value["query"] = toggled.urlencode()
    return facet


def search_api(request):
    """GET /search/api/?q=…&type=textbook&level=advanced&page=2 → results, facets, hint as JSON."""
    results = build_search(request.GET).execute(page=request.GET.get("page", 1), per_page=PER_PAGE)
    return JsonResponse(results.as_json(), json_dumps_params={"ensure_ascii": False})


def suggest(request):
    """Up to eight titles for what has been typed so far: Chinese, pinyin or pinyin initials (`hj` → 焊接…)."""
    q = request.GET.get("q", "").strip()[:50]
    titles = []
    if q:
        _parsed, _scope, docs = Search(q).ranked(limit=40)
        titles = [doc.title for doc in docs[:8]]
        if q.isascii() and q.isalpha() and len(titles) < 8:
            initials = SearchDocument.objects.filter(data__initials__startswith=q.lower()).order_by(
                "sort_key"
            )
            titles += [title for title in initials.values_list("title", flat=True)[:8] if title not in titles]
    return JsonResponse({"q": q, "suggestions": titles[:8]}, json_dumps_params={"ensure_ascii": False})
