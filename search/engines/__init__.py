"""Search engines behind one interface (`base.SearchEngine`): embedded (default) and Elasticsearch.

`get_engine()` returns the process's one engine, created on first use from the settings (`SEARCH_ENGINE`,
`ELASTICSEARCH_URL`, `SEARCH_INDEX_PREFIX`, the default database) and shared by every request and thread. A
rebuild's state (the index being filled, the rows written) lives on an engine of its own (`create_engine()`), so
the shared one never follows a rebuild; Elasticsearch engines still share one client per node. Changing one of
those settings (tests) drops the shared engine, so the next call builds one for the new settings.
"""

import threading

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

DEFAULT_ENGINE = "search.engines.embedded.EmbeddedEngine"
ENGINE_SETTINGS = {"SEARCH_ENGINE", "ELASTICSEARCH_URL", "SEARCH_INDEX_PREFIX", "DATABASES"}

_engine = None
_lock = threading.Lock()


def create_engine():
    """A new engine for the current settings (for a rebuild; searches and updates use `get_engine()`)."""
    return import_string(getattr(settings, "SEARCH_ENGINE", DEFAULT_ENGINE))()


def get_engine():
    """The engine named by settings (embedded unless ELASTICSEARCH_URL is set), one per process."""
    global _engine
    engine = _engine
    if engine is None:
        with _lock:
            if _engine is None:
                _engine = create_engine()
            engine = _engine
    return engine


def reset_engine():
    """Forget the engine; the next `get_engine()` creates one from the current settings."""
    global _engine
    with _lock:
        _engine = None


def use_engine(engine):
    """Make `engine` the process's engine (None: back to the settings); `search_benchmark` compares engines in
    one run this way, for the code paths that call `get_engine()` themselves (suggestions, admin search)."""
    global _engine
    with _lock:
        _engine = engine


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    if setting in ENGINE_SETTINGS:
        reset_engine()
