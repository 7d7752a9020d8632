"""Facet names are declared once (search.documents); the mapping, the page and the API all take them from there."""

import pytest

from search import documents
from search.engines.elastic import DocumentSearch, index_body

pytestmark = pytest.mark.django_db

DECLARED = documents.facet_names()
# Parameters that are not facets: a page or API accepting one of these as a filter would be a second declaration.
NOT_FACETS = ("year", "isbn", "doc_type", "publisher_id", "status", "facet")
NOTHING = "no-such-value"


def test_declared_facets_are_those_of_the_declarations_each_once():
    assert len(DECLARED) == len(set(DECLARED))
    assert set(DECLARED) == {f.name for d in documents.registry().values() for f in d.facets}


def test_prepared_documents_use_only_their_declared_facets(corpus):
    for declaration in documents.registry().values():
        declared = {facet.name for facet in declaration.facets}
        for obj in declaration.indexable()[:3]:
            assert {name for name, _value, _label in declaration.prepare(obj).facets} <= declared


def test_mapping_keyword_fields_are_the_declared_facets():
    properties = index_body()["mappings"]["properties"]
    keywords = {name for name, spec in properties.items() if spec == {"type": "keyword"}}
    assert keywords - {"doc_type", "key", "sort_key"} == set(DECLARED)
    assert tuple(DocumentSearch.facets) == DECLARED


def filters_with(get, name):
    """Whether `name=<a value nobody has>` empties the result: the parameter is taken as a facet filter."""
    return get({name: NOTHING}) == 0


def test_page_accepts_exactly_the_declared_facets(client, corpus):
    def total(params):
        return client.get("/search/", params).context["results"].total

    assert total({}) > 0
    accepted = {name for name in (*DECLARED, *NOT_FACETS) if filters_with(total, name)}
    assert accepted == set(DECLARED)


def test_api_accepts_exactly_the_declared_facets(client, corpus):
    from cms.api.api import api

    parameters = api.get_openapi_schema()["paths"]["/api/v1/search"]["get"]["parameters"]
    assert [p["name"] for p in parameters if p["name"] not in ("q", "sort", "page", "exact")] == list(
        DECLARED
    )

    def total(params):
        return client.get("/api/v1/search", params).json()["total"]

    assert total({}) > 0
    assert {name for name in DECLARED if filters_with(total, name)} == set(DECLARED)
    for name in NOT_FACETS:  # never silently ignored either: refused, naming the parameter
        response = client.get("/api/v1/search", {name: NOTHING})
        assert response.status_code == 400 and name in response.json()["detail"]


def test_api_facet_parameters_repeat(client, corpus):
    def keys(query):
        return {hit["key"] for hit in client.get(f"/api/v1/search?{query}").json()["results"]}

    advanced, intermediate = keys("level=advanced&type=textbook"), keys("level=intermediate&type=textbook")
    assert advanced and intermediate and not advanced & intermediate
    assert keys("level=advanced&level=intermediate&type=textbook") == advanced | intermediate
