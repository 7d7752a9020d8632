"""Settings read from the environment, as an operator meets them: each run starts the production settings in a fresh
process with only the given variables, the way gunicorn or manage.py would."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.core.cache.backends.filebased import FileBasedCache

import pytest

REPO = Path(__file__).resolve().parent.parent
# Variables the settings read; the caller's own values (CI sets DATABASE_URL, say) must not leak into a run.
READ = (
    "ALLOWED_HOSTS CACHE_URL CATALOGUE_EMPLOYMENT_RATE_THRESHOLD CSRF_TRUSTED_ORIGINS DATABASE_URL DB_CONN_MAX_AGE "
    "DOCUMENT_MAX_UPLOAD_SIZE ELASTICSEARCH_URL IMAGE_MAX_UPLOAD_SIZE LOGIN_COOLOFF_HOURS LOGIN_FAILURE_LIMIT "
    "MEDIA_ROOT PRIVATE_MEDIA_ROOT PUBLIC_CACHE PUBLIC_CACHE_SECONDS SECRET_KEY SECURE_HSTS_SECONDS "
    "SECURE_SSL_REDIRECT STATIC_ROOT TASKS_BACKEND TEXTBOOK_NOTICE_DAYS TEXTBOOK_REMINDER_DAYS_BEFORE "
    "TEXTBOOK_REVIEW_DAYS TEXTBOOK_UPLOAD_MAX_BYTES"
).split()
SHOW = """
import json
from django.conf import settings
names = {names!r}
print(json.dumps({{name: getattr(settings, name) for name in names}}, default=str))
"""


def run(code, **variables):
    environ = {k: v for k, v in os.environ.items() if k not in READ and k != "DJANGO_SETTINGS_MODULE"}
    environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY="k" * 50, ALLOWED_HOSTS="example.cn"
    )
    environ.update(variables)
    return subprocess.run(
        [sys.executable, "-c", code], env=environ, cwd=REPO, capture_output=True, text=True, timeout=120
    )


def production(*names, **variables):
    done = run(SHOW.format(names=names), **variables)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_production_defaults_are_the_documented_ones():
    found = production(
        "CACHES",
        "PUBLIC_CACHE_ENABLED",
        "PUBLIC_CACHE_SECONDS",
        "TASKS",
        "DATABASES",
        "MEDIA_ROOT",
        "PRIVATE_MEDIA_ROOT",
        "CATALOGUE_EMPLOYMENT_RATE_THRESHOLD",
        "WAGTAILDOCS_MAX_UPLOAD_SIZE",
        "WAGTAILIMAGES_MAX_UPLOAD_SIZE",
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "CSRF_TRUSTED_ORIGINS",
        "ALLOWED_HOSTS",
    )
    assert found["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(REPO / "var" / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
    assert found["PUBLIC_CACHE_ENABLED"] is True and found["PUBLIC_CACHE_SECONDS"] == 600
    assert found["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    database = found["DATABASES"]["default"]
    assert database["NAME"] == str(REPO / "db.sqlite3") and database["CONN_MAX_AGE"] == 0
    assert database["CONN_HEALTH_CHECKS"] is True
    assert found["MEDIA_ROOT"] == str(REPO / "var" / "media")
    assert found["PRIVATE_MEDIA_ROOT"] == str(REPO / "var" / "private")
    assert found["CATALOGUE_EMPLOYMENT_RATE_THRESHOLD"] == 85
    assert (found["WAGTAILDOCS_MAX_UPLOAD_SIZE"], found["WAGTAILIMAGES_MAX_UPLOAD_SIZE"]) == (
        20 << 20,
        10 << 20,
    )
    assert (found["AXES_FAILURE_LIMIT"], found["AXES_COOLOFF_TIME"]) == (5, 0.25)
    assert found["SECURE_SSL_REDIRECT"] is True and found["SECURE_HSTS_SECONDS"] == 31536000
    assert found["CSRF_TRUSTED_ORIGINS"] == [] and found["ALLOWED_HOSTS"] == ["example.cn"]


def test_values_from_the_environment_are_read_with_their_types(tmp_path):
    found = production(
        "PUBLIC_CACHE_ENABLED",
        "PUBLIC_CACHE_SECONDS",
        "SECURE_SSL_REDIRECT",
        "CATALOGUE_EMPLOYMENT_RATE_THRESHOLD",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "DATABASES",
        "MEDIA_ROOT",
        PUBLIC_CACHE="0",
        PUBLIC_CACHE_SECONDS="60",
        SECURE_SSL_REDIRECT="false",
        CATALOGUE_EMPLOYMENT_RATE_THRESHOLD="87.5",
        ALLOWED_HOSTS="jigong.example.cn, www.jigong.example.cn,",
        CSRF_TRUSTED_ORIGINS="https://jigong.example.cn",
        DATABASE_URL="postgres://cms@db.internal:5432/jigong",
        DB_CONN_MAX_AGE="60",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    assert found["PUBLIC_CACHE_ENABLED"] is False and found["PUBLIC_CACHE_SECONDS"] == 60
    assert found["SECURE_SSL_REDIRECT"] is False
    assert found["CATALOGUE_EMPLOYMENT_RATE_THRESHOLD"] == 87.5
    assert found["ALLOWED_HOSTS"] == ["jigong.example.cn", "www.jigong.example.cn"]
    assert found["CSRF_TRUSTED_ORIGINS"] == ["https://jigong.example.cn"]
    database = found["DATABASES"]["default"]
    assert (database["ENGINE"], database["HOST"], database["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        "jigong",
    )
    assert database["CONN_MAX_AGE"] == 60 and database["CONN_HEALTH_CHECKS"] is True
    assert found["MEDIA_ROOT"] == str(tmp_path / "media")
    assert production("PUBLIC_CACHE_ENABLED", PUBLIC_CACHE="1")["PUBLIC_CACHE_ENABLED"] is True


# --- CACHE_URL selects the page cache shared by the workers -------------------------------------------------

USE_CACHE = """
from django.core.cache import caches
cache = caches["default"]
cache.set({key!r}, "缓存探针", 60)
print(type(cache).__name__, cache.get({key!r}))
"""


def test_a_file_cache_url_keeps_pages_in_that_folder(tmp_path):
    folder = tmp_path / "pages"
    done = run(USE_CACHE.format(key="probe"), CACHE_URL=f"file://{folder}")
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["FileBasedCache", "缓存探针"]
    assert [p.suffix for p in folder.iterdir()] == [FileBasedCache.cache_suffix]


def test_a_redis_cache_url_keeps_pages_in_redis():
    redis = pytest.importorskip("redis")
    server = redis.Redis(host="127.0.0.1", port=6379, db=0)
    try:
        server.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"no Redis server on 127.0.0.1:6379 ({exc})")
    key = f"settings-probe-{uuid.uuid4().hex}"
    try:
        done = run(USE_CACHE.format(key=key), CACHE_URL="redis://127.0.0.1:6379/0")
        assert done.returncode == 0, done.stderr[-3000:]
        assert done.stdout.split() == ["RedisCache", "缓存探针"]
        assert server.exists(f":1:{key}")  # Django's key format: prefix, version, key
    finally:
        server.delete(f":1:{key}")


def test_without_cache_url_outside_production_each_process_keeps_its_own():
    done = run(USE_CACHE.format(key="probe"), DJANGO_SETTINGS_MODULE="cms.settings.base")
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["LocMemCache", "缓存探针"]


# --- a value that cannot be read stops start-up, naming the variable ------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "CACHE_URL",
            "memcached://cache.internal:11211",
            "无法识别的 CACHE_URL“memcached://cache.internal:11211”",
        ),
        ("CACHE_URL", "file://", "无法识别的 CACHE_URL“file://”"),
        ("CACHE_URL", "127.0.0.1:6379", "无法识别的 CACHE_URL“127.0.0.1:6379”"),
        ("PUBLIC_CACHE_SECONDS", "十分钟", "环境变量 PUBLIC_CACHE_SECONDS 的值“十分钟”无效：应为整数"),
        ("PUBLIC_CACHE", "maybe", "环境变量 PUBLIC_CACHE 的值“maybe”无效：应为1 或 0"),
        ("SECURE_SSL_REDIRECT", "yes please", "环境变量 SECURE_SSL_REDIRECT 的值“yes please”无效"),
        ("DB_CONN_MAX_AGE", "1.5", "环境变量 DB_CONN_MAX_AGE 的值“1.5”无效：应为整数"),
        (
            "CATALOGUE_EMPLOYMENT_RATE_THRESHOLD",
            "高",
            "环境变量 CATALOGUE_EMPLOYMENT_RATE_THRESHOLD 的值“高”无效：应为数字",
        ),
        (
            "DATABASE_URL",
            "mysqlx://db.internal/jigong",
            "无法识别的 DATABASE_URL“mysqlx://db.internal/jigong”",
        ),
    ],
)
def test_a_bad_value_is_refused_with_a_message_naming_it(variable, value, message):
    done = run("import django.conf; django.conf.settings.INSTALLED_APPS", **{variable: value})
    assert done.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: " + message in done.stderr


def test_a_refused_url_does_not_print_its_password():
    done = run(
        "import django.conf; django.conf.settings.INSTALLED_APPS", CACHE_URL="memcached://u:s3cret@cache/0"
    )
    assert done.returncode != 0 and "无法识别的 CACHE_URL“memcached://u:***@cache/0”" in done.stderr
    assert "s3cret" not in done.stderr
