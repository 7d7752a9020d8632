"""A content security policy for every response, by django-csp: strict on the public site, looser where Wagtail's
admin needs it.

The public policy is django-csp's `CONTENT_SECURITY_POLICY` setting (cms/settings/base.py): public pages may run only
our own scripts, plus inline scripts carrying the per-request nonce (`{{ request.csp_nonce }}`). What django-csp has
no setting for, and this module adds on top of its middleware:

- The admin (and its page previews) keeps Wagtail's inline scripts, `eval` and blob images working: django-csp
  chooses a policy per view (decorators), not per URL prefix, and Wagtail's admin views are not ours to decorate, so
  the middleware replaces those directives for paths under `ADMIN_PATH_PREFIXES`.
- Every response carries a nonce, whether or not its template used one. django-csp makes it lazily, on first use;
  the page cache (cms/caching.py) swaps a stored page's nonce for the current request's, so the nonce is made at
  the start of each request and a cached page and a fresh one get the same kind of header.

Served documents and media files keep their own sandboxing policy, set by `cms.uploads.harden_file_response` (still
written by hand there): it depends on the file's content type (no `sandbox` for PDF, which browsers will not open
sandboxed) and must also hold where no middleware runs (the DEBUG media view); the middleware leaves a response
that already has a policy alone.
"""

from django.http import Http404

from csp.constants import SELF, UNSAFE_EVAL, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PATH_PREFIXES = ("/admin/",)
# Replaces these directives of the public policy for the admin; the others (object-src 'none', base-uri,
# form-action, frame-ancestors …) stay.
ADMIN_DIRECTIVES = {
    "img-src": [SELF, "data:", "blob:"],
    "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.csp_nonce = str(request.csp_nonce)  # made now, so it is in every header (see above)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PATH_PREFIXES):
            parts.replace = {**ADMIN_DIRECTIVES, **(parts.replace or {})}
        return parts


class MalformedIdMiddleware:
    """An address or form whose id is not a number names nothing: answer 404, not 500.

    Django refuses such a lookup with ValueError ("Field 'id' expected a number but got 'abc'") wherever it
    happens: our views, and Wagtail's generic and chooser views, which catch only DoesNotExist.
    """

    MESSAGE = "expected a number but got"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ValueError | TypeError) and self.MESSAGE in str(exception):
            raise Http404("地址或表单中的编号无效。")
        return None
