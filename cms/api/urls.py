"""`/api/`: version 1, and a JSON 404 for every other address under it (never the HTML error page)."""

from django.http import JsonResponse
from django.urls import path, re_path

from .api import api


def unknown_address(request, rest=""):
    return JsonResponse(
        {"detail": f"接口地址“{request.path}”不存在。接口说明见 /api/v1/docs。", "errors": []},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


urlpatterns = [
    path("v1/", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown_address),
]
