"""The `NinjaAPI` of version 1: it mounts each app's router (`catalogue/api.py`,
`catalogue/textbooks/api.py`, `standards/api.py`, `search/api.py`) and
holds the Chinese error handlers and the docs page.

The docs page is django-ninja's Swagger UI served from the `ninja` app's own static files (no CDN), and it runs
no inline script, so it works under the public Content-Security-Policy (`cms/security.py`).
"""

from ninja import NinjaAPI
from ninja.errors import ValidationError

from catalogue import api as catalogue
from catalogue.textbooks import api as textbooks
from search import api as search
from standards import api as standards

from .errors import ApiError, validation_payload

api = NinjaAPI(
    title="技工院校专业目录与教材 公开接口",
    version="1",
    description=(
        "只读公开接口：专业目录及其版本、培养标准与课程标准、规划教材目录和全文搜索。"
        "只返回公开内容；参数错误返回 422，对象不存在返回 404，均附中文说明（detail）。"
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
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
