from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "专业目录"

    def ready(self):
        from . import versioning  # noqa: F401  (registers the register's models with django-reversion)
