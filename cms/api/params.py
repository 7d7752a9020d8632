"""Shared parameter rules: bounded paging and text without control characters.

Text parameters refuse control characters (NUL above all): PostgreSQL cannot store or compare them, so letting
one through would turn a bad request into a server error on PostgreSQL while SQLite answered normally.
"""

from functools import wraps
from typing import Any

from ninja import Field, Query, Schema
from ninja.pagination import LimitOffsetPagination

from .errors import Error, unknown_parameters

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 100_000
# Page ids and the like: kept within a 32-bit integer so no database overflows on a huge number.
MAX_ID = 2_147_483_647
PLAIN_TEXT = r"^[^\x00-\x1f\x7f]*$"
# A single path segment: plain text and no slash (Django never routes a slash into one).
SEGMENT = r"^[^\x00-\x1f\x7f/]+$"


class LimitOffset(LimitOffsetPagination):
    """django-ninja's limit/offset pagination with our bounds, answering `count`, `limit`, `offset`, `items`."""

    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"每页条数，1–{MAX_LIMIT}，默认 {DEFAULT_LIMIT}"
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数（从 0 开始）")

    class Output(Schema):
        count: int
        limit: int
        offset: int
        items: list[Any]

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        return {**page, "limit": pagination.limit, "offset": pagination.offset}


class Summaries:
    """Rows (a queryset or a list) whose slices come out as the endpoint's dicts: the paginator counts the rows
    and builds dicts only for the page it returns."""

    def __init__(self, rows, summary):
        self.rows, self.summary = rows, summary

    def all(self):
        return self.rows.all()

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, window):
        return [self.summary(row) for row in self.rows[window]]


def limit_param():
    return Query(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"每页条数，1–{MAX_LIMIT}，默认 {DEFAULT_LIMIT}"
    )


def offset_param():
    return Query(0, ge=0, le=MAX_OFFSET, description="跳过的条数（从 0 开始）")


def query_parameters(operation):
    """The query parameter names an operation takes, as django-ninja flattened them from its signature
    (a schema's fields and the paginator's `limit`/`offset` each become one)."""
    return tuple(
        name
        for model in operation.models
        if model.__ninja_param_source__ == "query"
        for name in model.__ninja_flatten_map__
    )


def refuse_unknown_parameters(run):
    """A view decorator (`api.add_decorator(..., mode="view")`) for every operation: a query parameter the
    operation does not take is answered with 400 naming it, before validation, instead of being ignored, so a
    misspelt filter never returns an unfiltered list. It also declares that 400 in the operation's schema."""
    operation = run.__self__
    known = query_parameters(operation)
    operation.response_models.setdefault(400, operation._create_response_model(Error))

    @wraps(run)
    def checked(request, *args, **kwargs):
        unknown = [name for name in request.GET if name not in known]
        if unknown:
            return operation.api.on_exception(request, unknown_parameters(unknown, known))
        return run(request, *args, **kwargs)

    return checked
