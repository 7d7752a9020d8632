"""Test settings: fast hashing, in-memory cache and mail, throwaway media."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "tests-only-not-a-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The in-memory cache outlives each test's rolled-back data, so page caching is off; tests/operations_load/
# switches it on where it is the subject.
PUBLIC_CACHE_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="cms-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = tempfile.mkdtemp(prefix="cms-test-static-")

# Search index updates run at once in tests (after commit, like everywhere else).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The test client's login() carries no request, which django-axes needs; the throttling tests switch it on.
AXES_ENABLED = False
STANDARDS_PDF_CACHE_DIR = tempfile.mkdtemp(prefix="cms-test-pdf-")
