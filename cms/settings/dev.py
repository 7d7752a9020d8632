"""Local development on one machine: SQLite, debug pages, a generated secret key kept out of the repo."""

from .base import *  # noqa: F403
from .base import BASE_DIR, SECRET_KEY
from .environment import env

DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"]


def _local_secret_key():
    """A per-checkout random key stored in var/ (git-ignored), so dev never uses a literal secret."""
    import secrets

    path = BASE_DIR / "var" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = SECRET_KEY or _local_secret_key()
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Imports and demo loading run in other processes than runserver and cannot clear its in-memory page cache, so
# development serves every page fresh unless PUBLIC_CACHE=1 is set.
PUBLIC_CACHE_ENABLED = env.bool("PUBLIC_CACHE", default=False)
