"""A whole-page cache for anonymous visitors of the public site, made stale at once whenever public content changes.

How the parts fit:

- `PublicPageCacheMiddleware` sits just inside the CSP middleware (so `request.csp_nonce` already exists) and
  outside sessions, CSRF and authentication (so it sees every cookie they set on the way out). It serves and
  stores only anonymous GET/HEAD requests, and stores only plain 200 responses that set no cookie, used no CSRF
  token and are not marked private. `X-Cache: hit | miss | bypass` makes the decision visible.
- Every key carries a *generation* number kept in the cache itself. Any write to public content (see
  `PUBLIC_MODELS`, pages, Wagtail publish/unpublish/move, snippet publish) bumps it once per transaction, after commit, so
  every cached page goes stale together; nothing has to know which pages showed the changed object.
- The CSP nonce in a stored body is replaced by a placeholder and a hit gets the current request's fresh nonce,
  which the CSP middleware then also puts in the header: a cached page never replays an old nonce.

The backend is Django's `default` cache, chosen by `CACHE_URL` (`env.cache_url` in cms/settings/environment.py).
In-process memory suits one process only: a publish in another worker or a management command cannot reach it
(pages then go stale only by `PUBLIC_CACHE_SECONDS`). Several workers need a shared cache: `redis://…` or, on one
machine, `file://…`.
"""

import hashlib
import logging
import threading
import time

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import DisallowedHost

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-page-cache:generation"
NONCE_PLACEHOLDER = "\x00csp-nonce\x00"
EXCLUDED_PREFIXES = ("/admin/", "/documents/")
# Writes to these models (and to any page) can change what the public site shows. Private records written all
# through review season (assignments, scores, decisions, notifications, reminders, events, revisions, workflow
# states, login records) are deliberately absent, so they never empty the cache.
PUBLIC_MODELS = {
    "catalogue.category",
    "catalogue.program",
    "catalogue.enrolmentrecord",
    "catalogue.edition",
    "catalogue.adjustment",
    "catalogue.adjustmenttarget",
    "catalogue.succession",
    "textbooks.textbook",
    "textbooks.textbookbatch",
    "textbooks.publicnotice",
    "standards.standardversion",
    "standards.typicalworktask",
    "standards.integratedcourse",
    "standards.programcourse",
    "cms_search.searchdocument",
    "cms_search.synonym",
    "users.organisation",
    "wagtailcore.site",
    "wagtailredirects.redirect",
    "wagtaildocs.document",
    "wagtailimages.image",
}
SAFE_VARY = {"cookie", "accept-language"}
UNCACHEABLE_CONTROL = {"private", "no-store", "no-cache"}


# --- configuration ------------------------------------------------------------------------------------------


def _enabled():
    return getattr(settings, "PUBLIC_CACHE_ENABLED", True)


def _cache():
    from django.core.cache import caches

    return caches[getattr(settings, "PUBLIC_CACHE_ALIAS", "default")]


# --- the generation ------------------------------------------------------------------------------------------


def current_generation(cache=None):
    """The generation in force. A lost counter (evicted, cache restarted) restarts from the clock in nanoseconds,
    which is above any value it can have reached before, so entries stored under an old generation never revive."""
    cache = cache or _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation():
    cache = _cache()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:
        # The site keeps working without its cache; a missed bump ages out after PUBLIC_CACHE_SECONDS.
        logger.exception("public page cache: could not bump the generation")


_pending = threading.local()


def schedule_bump(**kwargs):
    """Bump after the surrounding transaction commits (at once outside one); never for a rolled-back write.

    Like `search.scheduling.schedule`, every write registers a commit callback but only the first one to run bumps:
    an import of 1,500 titles costs one cache write, not thousands. A flag left by a rolled-back transaction
    only causes one harmless extra bump at the next commit.
    """
    from django.db import transaction

    _pending.bump = True
    transaction.on_commit(_bump_if_pending)


def _bump_if_pending():
    if getattr(_pending, "bump", False):
        _pending.bump = False
        bump_generation()


def _is_public(model):
    """A public model, a page, or the table behind a public model's many-to-many field."""
    from wagtail.models import Page

    owner = model._meta.auto_created or model
    return owner._meta.label_lower in PUBLIC_MODELS or issubclass(owner, Page)


def on_model_change(sender, **kwargs):
    if _is_public(sender):
        schedule_bump()


def on_m2m_change(sender, action, **kwargs):
    if action.startswith("post_") and _is_public(sender):
        schedule_bump()


class PublicCacheConfig(AppConfig):
    """Connects the invalidation signals in every process, management commands included (imports bump too)."""

    name = "cms.caching"
    label = "public_cache"
    verbose_name = "公共页面缓存"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

        post_save.connect(on_model_change, dispatch_uid="public-cache-save")
        post_delete.connect(on_model_change, dispatch_uid="public-cache-delete")
        m2m_changed.connect(on_m2m_change, dispatch_uid="public-cache-m2m")
        for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
            signal.connect(schedule_bump, dispatch_uid=f"public-cache-{id(signal)}")


# --- the middleware ------------------------------------------------------------------------------------------


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _enabled():
            return self.get_response(request)
        key = _page_key(request) if _request_is_cacheable(request) else None
        entry = _cache_call("get", key) if key else None
        if entry is not None:
            return _replay(entry, request)
        response = self.get_response(request)
        stored = False
        if key and request.method == "GET" and _response_is_cacheable(request, response):
            stored = _cache_call("set", key, _entry(response, request), _timeout())
        response["X-Cache"] = "miss" if stored else "bypass"
        return response


def _timeout():
    return getattr(settings, "PUBLIC_CACHE_SECONDS", 600)


def _cache_call(method, key, *args):
    """A cache outage costs speed, not the page: errors are logged and the request goes on uncached."""
    try:
        result = getattr(_cache(), method)(key, *args)
    except Exception:
        logger.exception("public page cache: %s failed", method)
        return None
    return True if method == "set" else result


def _request_is_cacheable(request):
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    excluded = (*EXCLUDED_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL)
    return not request.path.startswith(tuple(p for p in excluded if p))


def _page_key(request):
    """Scheme, host, language and full path (query string included) under the current generation."""
    from django.utils.translation import get_language_from_request

    try:
        parts = [
            request.scheme,
            request.get_host(),
            get_language_from_request(request),
            request.get_full_path(),
        ]
        generation = current_generation()
    except DisallowedHost:
        return None
    except Exception:
        logger.exception("public page cache: cannot read the generation")
        return None
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"public-page:{generation}:{digest}"


def _response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page rendered a CSRF token
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")}
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    max_bytes = getattr(settings, "PUBLIC_CACHE_MAX_BYTES", 2 * 1024 * 1024)
    return not (control & UNCACHEABLE_CONTROL) and vary <= SAFE_VARY and len(response.content) <= max_bytes


def _entry(response, request):
    """What is stored: status, headers (no length, no cache marker) and body, the nonce swapped for a placeholder."""
    nonce = getattr(request, "csp_nonce", "")
    body = response.content
    headers = [(k, v) for k, v in response.items() if k.lower() not in ("content-length", "x-cache")]
    if nonce:
        body = body.replace(nonce.encode(), NONCE_PLACEHOLDER.encode())
        headers = [(k, v.replace(nonce, NONCE_PLACEHOLDER)) for k, v in headers]
    return response.status_code, headers, body


def _replay(entry, request):
    from django.http import HttpResponse

    status, headers, body = entry
    nonce = getattr(request, "csp_nonce", "")
    response = HttpResponse(body.replace(NONCE_PLACEHOLDER.encode(), nonce.encode()), status=status)
    for name, value in headers:
        response[name] = value.replace(NONCE_PLACEHOLDER, nonce)
    response["Content-Length"] = str(len(response.content))
    response["X-Cache"] = "hit"
    return response
