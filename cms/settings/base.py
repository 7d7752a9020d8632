"""Settings shared by every environment. Safe by default: DEBUG off, secrets only from the environment.

Values from the environment are read with django-environ (`env`, cms/settings/environment.py): a value that cannot
be read stops start-up with a message naming the variable.
"""

import os
from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from .environment import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Read as is, not through env: django-environ takes a leading "$" as a reference to another variable, and keys
# made by Django's get_random_secret_key() may start with one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", cast=str.strip, default=[])

INSTALLED_APPS = [
    "cms.users",
    "cms.home",
    "cms.caching.PublicCacheConfig",
    "catalogue",
    "catalogue.textbooks",
    "catalogue.schools",
    "standards",
    "search",
    "django_tasks_db",  # the database task queue (search index updates); worker: manage.py db_worker
    "cms.operations",
    "cms.statistics",
    "cms.consultation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "reversion",
    "axes",
    "csp",  # django-csp: its system checks (the middleware is cms/security.py)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # the public API's docs page templates and static files (cms/api)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside CSP (needs the nonce), outside sessions/CSRF/auth (sees the cookies they set): cms/caching.py.
    "cms.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost, so that it sees the view's exceptions first: a non-numeric id is a 404 (cms/security.py).
    "cms.security.MalformedIdMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": env.database_url(
        "DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env.int("DB_CONN_MAX_AGE", default=0),
        # A kept connection is checked before a request reuses it, so a database restart costs one reconnect
        # instead of a 500 per worker (tests/trust/test_faults.py).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction begins and wait for it (up to 20 s), instead of failing with
    # "database is locked" when two requests upgrade a read to a write at once.
    # A 64 MB page cache and memory-mapped reads: a search at 150,000 titles reads several MB of full-text index,
    # which the default 2 MB cache rereads from the file on every query.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"

# Failed logins are throttled per user name and address (django-axes): 5 failures lock for 15 minutes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_RESET_ON_SUCCESS = True
# Behind reverse proxies (nginx in front of gunicorn), the client address is read from X-Forwarded-For, trusting
# only the entries our TRUSTED_PROXY_COUNT proxies appended (cms/client_address.py); 0 = no proxy, header ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "cms.client_address.client_address"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# The project's own translations (Wagtail's zh_Hans catalogue has gaps and garbles); they win over every app's.
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
# One time zone to choose in the account settings, instead of every zone name in English (one of them, "localtime",
# even breaks the page's script).
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "cms" / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))

LOGIN_URL = "wagtailadmin_login"

WAGTAIL_SITE_NAME = "技工院校专业与教材管理系统"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_USER_LOGIN_FORM = "cms.users.forms.LoginForm"
# Nothing in the admin reaches outside the site (the CSP below would block it and log console errors): no avatars
# from Gravatar, no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Admin search (pages, snippets) through our Chinese analysis: substring matching on the rows themselves, so
# drafts and submissions under review are found too (search/admin_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.admin_backend"}}
# Public uploads (cms/uploads.py): documents checked by content and renamed safely, served by Wagtail's view with
# nosniff, a sandboxing CSP and `attachment` except PDF/plain text; images decoded by Willow, no SVG.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "txt"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.uploads.DocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
DOCUMENT_MAX_UPLOAD_SIZE = WAGTAILDOCS_MAX_UPLOAD_SIZE
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.int("IMAGE_MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)

# Catalogue policy knobs, overridable per deployment.
CATALOGUE_EMPLOYMENT_RATE_THRESHOLD = env.float("CATALOGUE_EMPLOYMENT_RATE_THRESHOLD", default=85.0)
# 退出预警 from the schools' approved annual reports: national enrolment falling this many years in a row, or a
# program in force offered by fewer than this many schools.
CATALOGUE_FALLING_ENROLMENT_YEARS = env.int("CATALOGUE_FALLING_ENROLMENT_YEARS", default=2)
CATALOGUE_MIN_OFFERING_SCHOOLS = env.int("CATALOGUE_MIN_OFFERING_SCHOOLS", default=3)
# A program set up within this many years is not flagged for having few schools yet.
CATALOGUE_NEW_PROGRAM_YEARS = env.int("CATALOGUE_NEW_PROGRAM_YEARS", default=3)

# Textbook submission and review (catalogue/textbooks/review): private uploads, limits, periods, mail.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
TEXTBOOK_UPLOAD_MAX_BYTES = env.int("TEXTBOOK_UPLOAD_MAX_BYTES", default=30 * 1024 * 1024)
# Import files (catalogue, adjustments, textbook lists) are checked against these before they are parsed.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=200 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
# A training standard file or one Markdown section typed in the editor (a real standard is ~30,000 characters).
STANDARD_MAX_CHARACTERS = env.int("STANDARD_MAX_CHARACTERS", default=500_000)
TEXTBOOK_NOTICE_DAYS = env.int("TEXTBOOK_NOTICE_DAYS", default=7)
# PDF export of standards (standards/pdf_cache.py): rendered once per version and kept as files; renders at once
# per process (gunicorn runs one worker per core, so 1 means at most one render per core), how long a request
# waits for a slot before answering 503, and the Retry-After it then sends.
STANDARDS_PDF_CACHE_DIR = Path(
    env.str("STANDARDS_PDF_CACHE_DIR", default=str(BASE_DIR / "var" / "pdf-cache"))
)
STANDARDS_PDF_MAX_RENDERS = env.int("STANDARDS_PDF_MAX_RENDERS", default=1)
STANDARDS_PDF_RENDER_WAIT_SECONDS = env.float("STANDARDS_PDF_RENDER_WAIT_SECONDS", default=5.0)
STANDARDS_PDF_RETRY_AFTER_SECONDS = env.int("STANDARDS_PDF_RETRY_AFTER_SECONDS", default=10)

# The public objection form (catalogue/textbooks/review/limits.py): accepted objections per client address per
# window, and per notice per day; counted in the default cache, shared by the workers in production.
OBJECTION_ADDRESS_LIMIT = env.int("OBJECTION_ADDRESS_LIMIT", default=5)
OBJECTION_ADDRESS_WINDOW_SECONDS = env.int("OBJECTION_ADDRESS_WINDOW_SECONDS", default=3600)
OBJECTION_NOTICE_DAILY_LIMIT = env.int("OBJECTION_NOTICE_DAILY_LIMIT", default=30)
TEXTBOOK_REVIEW_DAYS = env.int("TEXTBOOK_REVIEW_DAYS", default=21)
TEXTBOOK_REMINDER_DAYS_BEFORE = env.int("TEXTBOOK_REMINDER_DAYS_BEFORE", default=3)
TEXTBOOK_MIN_REVIEWERS = 3
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="技工院校教材评审 <noreply@localhost>")

# --- Search (search app, issue 6) -------------------------------------------------------------------------
# The embedded engine (SQLite FTS5 / PostgreSQL full text in the project's own tables) unless ELASTICSEARCH_URL
# is set. Index names carry an environment prefix. Index updates run as django-tasks background tasks.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="jigong")
_SEARCH_ENGINES = ("search.engines.embedded.EmbeddedEngine", "search.engines.elastic.ElasticsearchEngine")
SEARCH_ENGINE = _SEARCH_ENGINES[bool(ELASTICSEARCH_URL)]
# Immediate by default (dev Quick start, tests: no worker to run); production defaults to the database queue.
_TASKS_BACKEND = env.str("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")
TASKS = {"default": {"BACKEND": _TASKS_BACKEND}}
# A failed index update is re-enqueued after each of these delays (seconds) while the queue supports deferring.
SEARCH_INDEX_RETRY_DELAYS = [30, 120, 600, 1800]
# --- end of search settings ---------------------------------------------------------------------------------

# Public page cache (cms/caching.py). CACHE_URL: unset = this process's memory (one process only);
# redis://127.0.0.1:6379/0 = shared by every worker and host; file:///dir = shared by the workers of one machine.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmem://")}
PUBLIC_CACHE_ENABLED = env.bool("PUBLIC_CACHE", default=True)
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=600)

# Content security policy (django-csp; cms/security.py relaxes it for the admin). Public pages run only our own
# scripts and inline scripts carrying the request's nonce ({{ request.csp_nonce }}).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF, UNSAFE_INLINE],
        "script-src": [SELF, NONCE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
