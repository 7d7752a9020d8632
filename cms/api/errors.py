"""Error responses of the API: one JSON shape, `{"detail": "<中文说明>", "errors": [...]}`, for 404 and 422.

Parameter validation is done by django-ninja/pydantic; its English messages are turned into one Chinese sentence
per bad parameter here, so a caller always learns which parameter was wrong and why.
"""

from ninja import Schema


class FieldError(Schema):
    parameter: str
    message: str


class Error(Schema):
    detail: str
    errors: list[FieldError] = []


class ApiError(Exception):
    """Raised by an endpoint to answer with `status` and a Chinese `detail`."""

    def __init__(self, status, detail, errors=()):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = list(errors)


def not_found(detail):
    return ApiError(404, detail)


def bad_parameter(parameter, message):
    return ApiError(422, f"参数 {parameter} 无效：{message}", [{"parameter": parameter, "message": message}])


def unknown_parameters(unknown, known):
    """400 naming every query parameter an endpoint does not take, and the ones it does."""
    accepted = f"可用参数：{', '.join(known)}。" if known else "此接口不接受查询参数。"
    return ApiError(
        400,
        f"未知参数：{'、'.join(unknown)}。{accepted}",
        [{"parameter": name, "message": "未知参数"} for name in unknown],
    )


def describe(error):
    """A Chinese sentence for one pydantic error dict (type, loc, ctx)."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return "缺少必填参数"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "应为整数"
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}"
    if kind in ("literal_error", "enum"):
        return f"取值无效，可选值：{ctx.get('expected', '')}"
    if kind == "string_too_long":
        return f"过长（最多 {ctx.get('max_length')} 个字符）"
    if kind == "string_too_short":
        return f"过短（至少 {ctx.get('min_length')} 个字符）"
    if kind == "string_pattern_mismatch":
        return "格式不正确"
    return "取值无效"


def parameter_name(error):
    """The parameter's name from a pydantic location such as ("query", "limit") or ("path", "code")."""
    loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
    return ".".join(loc) or "参数"


def validation_payload(errors):
    fields = [{"parameter": parameter_name(e), "message": describe(e)} for e in errors]
    summary = "；".join(f"{f['parameter']} {f['message']}" for f in fields)
    return {"detail": f"请求参数无效：{summary}。", "errors": fields}
