"""The search endpoint: exactly the search behind `/search/` and `/search/api/`, with a typed schema.

The request is handed to `search.views.build_search` and `Search.execute`, the same calls the public page makes,
so ranking, facets and what is public stay defined in one place (`search/`).
"""

from typing import Annotated, Any, Literal

from django.http import QueryDict

from ninja import Query, Router, Schema
from pydantic import Field, create_model

from cms.api.errors import Error
from cms.api.params import PLAIN_TEXT
from search.documents import FACETS
from search.service import CANDIDATE_LIMIT, SORTS
from search.views import PER_PAGE, build_search

router = Router(tags=["搜索"])

SortValue = Literal[tuple(SORTS)]
MAX_PAGE = CANDIDATE_LIMIT // PER_PAGE


class OtherEdition(Schema):
    key: str
    title: str
    url: str
    year: int | None


class Hit(Schema):
    type: str
    type_label: str
    key: str
    title: str
    url: str
    title_html: str
    snippet_html: str
    extra: dict[str, Any]
    other_editions: list[OtherEdition] = Field(description="同一教材的其他版本（结果中只列最新版）")


class Respelled(Schema):
    shown: str = Field(description="按同音字实际检索的词")
    typed: str = Field(description="用户输入的词")


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class Facet(Schema):
    name: str
    label: str
    values: list[FacetValueOut]


class SearchResults(Schema):
    query: str
    total: int
    page: int
    num_pages: int
    results: list[Hit]
    facets: list[Facet]
    hint: list[str]
    respelled: Respelled | None = Field(description="输入的字几乎查不到、按读音改查时，说明改查了什么")


FacetValues = list[Annotated[str, Field(max_length=60, pattern=PLAIN_TEXT)]] | None
# The facets declared in search.documents, each a repeatable parameter (?level=advanced&level=intermediate).
FacetFilters = create_model(
    "FacetFilters",
    __base__=Schema,
    **{
        facet.name: (FacetValues, Field(None, description=f"{facet.parameter_label}，可重复"))
        for facet in FACETS
    },
)
FILTERS_QUERY = Query(...)  # the fields of FacetFilters, each a query parameter of its own
SORT_QUERY = Query("relevance", description="排序：relevance 相关度；year 出版年份；title 标题")


@router.get("/search", response={200: SearchResults, 422: Error}, summary="全文搜索（与 /search/api/ 相同）")
def search(
    request,
    q: str = Query(
        "", max_length=200, pattern=PLAIN_TEXT, description="检索词：书名、ISBN、专业代码、拼音等"
    ),
    sort: SortValue = SORT_QUERY,
    page: int = Query(1, ge=1, le=MAX_PAGE, description=f"页码，每页 {PER_PAGE} 条"),
    exact: bool = Query(False, description="只按输入的字检索，不按读音改查同音字"),
    filters: FacetFilters = FILTERS_QUERY,
):
    params = QueryDict(mutable=True)
    params.update({"q": q, "sort": sort, "exact": "1" if exact else ""})
    for name, values in filters.dict().items():
        params.setlist(name, values or [])
    return build_search(params).execute(page=page, per_page=PER_PAGE).as_json()
