"""Settings from the environment: django-environ parses the values; this module adds only what it does not do.

`env.int`, `env.float`, `env.bool`, `env.list`, `env.str` and `env.cache_url` are django-environ's. Added here:

- A value that cannot be read stops start-up with an `ImproperlyConfigured` naming the variable, its value and what
  it should be, in Chinese, instead of a bare `ValueError` from deep inside the settings. A boolean must be one of
  1/0, true/false, yes/no, on/off (or empty, which is "no"); django-environ alone would read any other word as "no".
- The cache URLs the README documents (`file:///dir`, `locmem://`, `dummy://`, and `unix:///socket` for Redis) next to
  django-environ's own scheme names (`filecache://`, `locmemcache://`, `dummycache://`, `redis://`, `rediss://`),
  restricted to the backends the page cache (cms/caching.py) is built and tested for (in-process memory, files,
  Redis, none), and with Django's own Redis client even where django-redis happens to be installed.
- The in-process and file caches hold up to 5,000 pages (`MAX_ENTRIES`; Django's default is 300) unless the URL says
  otherwise (`?max_entries=N`): the public site has a few thousand cacheable addresses, and a full file cache deletes
  a third of its files at once, so a small limit would keep emptying the cache under normal traffic.
- `database_url` keeps dj-database-url for `DATABASE_URL` (its options: connection age and health checks) and turns
  its errors into the same kind of message.

An empty variable counts as unset for the URLs (`CACHE_URL=` in a unit file means the default), as before.
"""

import re

from django.core.exceptions import ImproperlyConfigured

import dj_database_url
import environ

LOCMEM_CACHE = "django.core.cache.backends.locmem.LocMemCache"
FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
# Our documented short names → django-environ's scheme names, which are accepted too. Nothing else: these are the
# backends the page cache is built and tested for (django-environ's memcached, database and valkey schemes are not).
CACHE_SCHEME_ALIASES = {"file": "filecache", "locmem": "locmemcache", "dummy": "dummycache", "unix": "redis"}
ACCEPTED_CACHE_SCHEMES = {*CACHE_SCHEME_ALIASES.values(), "rediss"}
CACHE_MAX_ENTRIES = 5000
CACHE_URL_HELP = (
    "请使用 redis://主机:端口/库号、file:///目录、locmem:// 或 dummy://，或不设置（使用进程内存缓存）。"
)

FALSE_STRINGS = ("", "0", "false", "off", "no", "n")
EXPECTED = {
    int: "整数",
    float: "数字",
    bool: "1 或 0（也可写 true/false、yes/no、on/off）",
}


def redacted(url):
    """The URL as an error message may show it: any password replaced by ***."""
    return re.sub(r"(//[^/@:]*:)[^/@]*@", r"\1***@", url)


class Env(environ.Env):
    CACHE_SCHEMES = {**environ.Env.CACHE_SCHEMES, "redis": REDIS_CACHE, "rediss": REDIS_CACHE}

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        try:
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        except (ValueError, TypeError) as exc:
            expected = EXPECTED.get(cast, "合法的值")
            value = self.ENVIRON.get(var, "")
            raise ImproperlyConfigured(f"环境变量 {var} 的值“{value}”无效：应为{expected}。") from exc

    @classmethod
    def parse_value(cls, value, cast):
        if cast is bool and isinstance(value, str):
            word = value.strip().lower()
            if word not in cls.BOOLEAN_TRUE_STRINGS and word not in FALSE_STRINGS:
                raise ValueError(f"not a boolean: {value!r}")
        return super().parse_value(value, cast)

    def cache_url(self, var=environ.Env.DEFAULT_CACHE_ENV, default="locmem://", backend=None):
        return self.cache_url_config(self.ENVIRON.get(var) or default, backend=backend)

    @classmethod
    def cache_url_config(cls, url, backend=None):
        url = url.geturl() if isinstance(url, cls.URL_CLASS) else str(url)
        scheme, separator, rest = url.partition("://")
        known = CACHE_SCHEME_ALIASES.get(scheme, scheme)
        if not separator or known not in ACCEPTED_CACHE_SCHEMES:
            raise cls._bad_cache_url(url)
        config = super().cache_url_config(f"{known}://{rest}", backend=backend)
        if config["BACKEND"] == FILE_CACHE and not config["LOCATION"]:
            raise cls._bad_cache_url(url)
        if config["BACKEND"] in (LOCMEM_CACHE, FILE_CACHE):
            config.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", CACHE_MAX_ENTRIES)
        return config

    @staticmethod
    def _bad_cache_url(url):
        return ImproperlyConfigured(f"无法识别的 CACHE_URL“{redacted(url)}”：{CACHE_URL_HELP}")

    def database_url(self, var, default, **options):
        url = self.ENVIRON.get(var) or default
        try:
            return dj_database_url.parse(url, **options)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"无法识别的 {var}“{redacted(url)}”：请使用 postgres://用户@主机:端口/库名 或 sqlite:///文件路径。"
            ) from exc


env = Env()
