"""A content security policy for every response: strict on the public site, looser where Wagtail's admin needs it.

Public pages may run only our own scripts, plus inline scripts carrying the per-request nonce
(`{{ request.csp_nonce }}`); the admin (and its previews) keeps Wagtail's inline scripts and styles working.
"""

import secrets

from django.conf import settings

PUBLIC_DIRECTIVES = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self' 'unsafe-inline'",
    "script-src": "'self' 'nonce-{nonce}'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}
ADMIN_DIRECTIVES = {
    **PUBLIC_DIRECTIVES,
    "img-src": "'self' data: blob:",
    "script-src": "'self' 'unsafe-inline' 'unsafe-eval'",
}


def policy(directives, nonce):
    return "; ".join(f"{name} {value.format(nonce=nonce)}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefixes = tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ("/admin/",)))

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(self.admin_prefixes)
            response["Content-Security-Policy"] = policy(
                ADMIN_DIRECTIVES if admin else PUBLIC_DIRECTIVES, request.csp_nonce
            )
        return response
