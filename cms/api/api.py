"""The `NinjaAPI` of version 1: it mounts each app's router (`catalogue/api.py`,
`catalogue/textbooks/api.py`, `standards/api.py`, `search/api.py`) and
holds the Chinese error handlers, the refusal of unknown query parameters, the index at `/api/v1/` and the docs
page.

The docs page is django-ninja's Swagger UI served from the `ninja` app's own static files (no CDN), and it runs
no inline script, so it works under the public Content-Security-Policy (`cms/security.py`).
"""

from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError

from catalogue import api as catalogue
from catalogue.textbooks import api as textbooks
from search import api as search
from standards import api as standards

from .errors import ApiError, Error, validation_payload
from .params import refuse_unknown_parameters

api = NinjaAPI(
    title="技工院校专业目录与教材 公开接口",
    version="1",
    description=(
        "只读公开接口：专业目录及其版本、培养标准与课程标准、规划教材目录和全文搜索。"
        "只返回公开内容；参数错误返回 422，未知参数返回 400，对象不存在返回 404，均附中文说明（detail）。"
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_decorator(refuse_unknown_parameters, mode="view")
api.add_router("", catalogue.router)
api.add_router("", standards.router)
api.add_router("", textbooks.router)
api.add_router("", search.router)


@api.exception_handler(ApiError)
def api_error(request, error):
    return api.create_response(request, {"detail": error.detail, "errors": error.errors}, status=error.status)


@api.exception_handler(ValidationError)
def invalid_parameters(request, error):
    return api.create_response(request, validation_payload(error.errors), status=422)


class Endpoint(Schema):
    path: str
    description: str
    parameters: list[str]


class ApiIndex(Schema):
    title: str
    description: str
    docs: str
    schema_url: str
    endpoints: list[Endpoint]


@api.get("/", response={200: ApiIndex, 400: Error}, summary="接口索引", tags=["接口索引"])
def index(request):
    """Every endpoint with its path, its Chinese summary and its parameters, read from the OpenAPI schema so
    the index cannot fall behind the endpoints it lists."""
    schema = api.get_openapi_schema()
    endpoints = [
        {
            "path": path,
            "description": item["get"]["summary"],
            "parameters": [parameter["name"] for parameter in item["get"].get("parameters", [])],
        }
        for path, item in schema["paths"].items()
        if "get" in item
    ]
    root = request.path
    return {
        "title": api.title,
        "description": api.description,
        "docs": f"{root}docs",
        "schema_url": f"{root}openapi.json",
        "endpoints": endpoints,
    }
