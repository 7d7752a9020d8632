from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "cms_search"
    verbose_name = "检索"

    def ready(self):
        """Connect the receivers that keep the index following publication (see `search.signals`)."""
        from . import signals

        signals.connect()
