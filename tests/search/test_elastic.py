"""The Elasticsearch engine: golden mappings and request bodies with no server, and a live tier.

The live tier runs the same behaviour tests as the embedded engine when ELASTICSEARCH_URL is set, and skips
saying why otherwise (no server is faked). `scripts/test.sh` runs it after the suite against a real node
(`scripts/elasticsearch.sh`).
"""

import os

import pytest

from search import indexing
from search.engines.elastic import ElasticsearchEngine, alias_name, index_body, search_body
from search.query import parse
from search.service import Scope, TextbookSearch

from .behaviour import EngineBehaviour

PHRASE_FIELDS = ["a^10.0", "b^6.0", "c^2.5", "d^1.0"]


def phrase(text):
    return {
        "multi_match": {"query": text, "analyzer": "whitespace", "fields": PHRASE_FIELDS, "type": "phrase"}
    }


def test_mapping_uses_whitespace_streams_cjk_raw_text_and_keyword_facets():
    properties = index_body()["mappings"]["properties"]
    assert {name: properties[name] for name in ("a", "d", "uni", "py", "ini")} == {
        name: {"type": "text", "analyzer": "whitespace"} for name in ("a", "d", "uni", "py", "ini")
    }
    assert properties["raw"] == {"type": "text", "analyzer": "cjk"}
    for name in ("type", "kind", "level", "category", "program", "publisher", "batch", "doc_type", "key"):
        assert properties[name] == {"type": "keyword"}
    assert index_body()["settings"] == {"number_of_shards": 1}


def test_single_term_request_body_is_golden():
    body = search_body(parse("焊接", synonym_groups=()), "any", Scope(("textbook",), {}), size=10)
    assert body["query"] == {
        "bool": {
            "must": [
                {
                    "bool": {
                        "should": [{"bool": {"should": [phrase("焊接")], "minimum_should_match": 1}}],
                        "minimum_should_match": 1,
                    }
                }
            ],
            "should": [{"match": {"raw": {"query": "焊接", "boost": 0.5}}}],
            "filter": [{"terms": {"doc_type": ["textbook"]}}],
            "minimum_should_match": 0,
        }
    }
    assert body["size"] == 10 and body["_source"] is False and body["track_total_hits"] is True
    assert "post_filter" not in body
    assert body["aggs"]["_filter_level"] == {
        "filter": {"match_all": {}},
        "aggs": {"level": {"terms": {"field": "level", "size": 1000}}},
    }
    assert body["sort"] == [{"_score": {"order": "desc"}}, {"sort_key": {"order": "asc"}}]


def test_candidate_and_count_requests_carry_no_facet_aggregations():
    parsed = parse("焊接", synonym_groups=())
    body = search_body(parsed, "any", Scope(("textbook",), {"level": ["advanced"]}), size=0, facets=False)
    assert "aggs" not in body and body["post_filter"] == {"terms": {"level": ["advanced"]}}
    assert body["query"] == search_body(parsed, "any", Scope(("textbook",), {}))["query"]


def test_an_empty_query_is_still_scoped_to_the_use_case_types():
    body = search_body(parse("", synonym_groups=()), "any", Scope(("textbook",), {}), size=10)
    assert body["query"] == {"bool": {"filter": [{"terms": {"doc_type": ["textbook"]}}]}}


def test_two_terms_with_unigram_pinyin_and_a_facet_filter():
    parsed = parse("焊 hanjie", synonym_groups=())
    body = search_body(parsed, "all", Scope(("textbook", "program"), {"level": ["advanced"]}))
    must = body["query"]["bool"]["must"]
    assert must[0]["bool"]["should"] == [
        phrase("焊"),
        {"match_phrase": {"uni": {"query": "焊", "analyzer": "whitespace"}}},
    ]
    assert {"match_phrase": {"py": {"query": "han jie", "analyzer": "whitespace"}}} in must[1]["bool"][
        "should"
    ]
    assert body["post_filter"] == {"terms": {"level": ["advanced"]}}
    assert body["aggs"]["_filter_kind"]["filter"] == {"terms": {"level": ["advanced"]}}
    assert body["aggs"]["_filter_level"]["filter"] == {"match_all": {}}
    assert body["query"]["bool"]["filter"] == [{"terms": {"doc_type": ["textbook", "program"]}}]


def test_initials_and_mixed_terms_are_phrases_of_the_initials_field():
    body = search_body(parse("hj 数控cc", synonym_groups=()), "all", Scope(("textbook",), {}))
    must = body["query"]["bool"]["must"]
    assert must[0]["bool"]["should"] == [
        phrase("hj"),
        {"match_phrase": {"ini": {"query": "h j", "analyzer": "whitespace"}}},
    ]
    assert {"match_phrase": {"ini": {"query": "s k c c", "analyzer": "whitespace"}}} in must[1]["bool"][
        "should"
    ]


def test_generic_words_never_reach_the_request():
    body = search_body(parse("焊接 教材", synonym_groups=()), "all", Scope(("textbook",), {}))
    assert len(body["query"]["bool"]["must"]) == 1
    assert body["query"]["bool"]["must"][0]["bool"]["should"] == [phrase("焊接")]


ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
NO_NODE = (
    "ELASTICSEARCH_URL is not set: no Elasticsearch node here (scripts/test.sh runs this live tier after the suite,"
    " against a node it starts)"
)


@pytest.mark.skipif(not ELASTICSEARCH_URL, reason=NO_NODE)
@pytest.mark.django_db
class TestElasticsearchLive(EngineBehaviour):
    @pytest.fixture
    def engine(self, corpus):
        engine = ElasticsearchEngine(ELASTICSEARCH_URL)
        indexing.rebuild(engine=engine)
        return engine

    def test_rebuild_swaps_the_alias_and_drops_the_old_index(self, engine):
        alias = alias_name()
        first = set(engine.client.indices.get_alias(name=alias))
        indexing.rebuild(engine=engine)
        second = set(engine.client.indices.get_alias(name=alias))
        assert len(first) == len(second) == 1 and first != second
        assert set(engine.client.indices.get(index=f"{alias}-*")) == second

    def test_the_node_has_the_cjk_analyzer_the_mapping_names(self, engine):
        tokens = engine.client.indices.analyze(analyzer="cjk", text="焊接结构制作 ＡＢＣ the Welding")[
            "tokens"
        ]
        assert [t["token"] for t in tokens] == ["焊接", "接结", "结构", "构制", "制作", "abc", "welding"]
        mapping = engine.client.indices.get_mapping(index=alias_name())
        (properties,) = [index["mappings"]["properties"] for index in mapping.values()]
        assert properties["raw"] == {"type": "text", "analyzer": "cjk"}


@pytest.mark.skipif(not ELASTICSEARCH_URL, reason=NO_NODE)
def test_updates_before_the_first_rebuild_create_the_alias_with_the_mapping(corpus, settings):
    settings.SEARCH_INDEX_PREFIX += "-fresh"
    engine = ElasticsearchEngine(ELASTICSEARCH_URL)
    book = corpus["books"]["9787516700003"]
    indexing.update("textbook", [book.pk], engine=engine)
    (index,) = engine.client.indices.get_alias(name=alias_name())
    assert index.startswith(f"{alias_name()}-")
    raw = engine.client.indices.get_mapping(index=index)[index]["mappings"]["properties"]["raw"]
    assert raw == {"type": "text", "analyzer": "cjk"}
    assert textbook_titles("电器", engine) == ["汽车电器维修"]

    book.live = False
    book.save()
    indexing.update("textbook", [book.pk], engine=engine)
    assert textbook_titles("电器", engine) == []
    assert set(engine.client.indices.get(index=f"{alias_name()}-*")) == {index}


def textbook_titles(q, engine):
    return [hit.doc.title for hit in TextbookSearch(q, engine=engine).execute().hits]
