from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "cms_search"
    verbose_name = "检索"
