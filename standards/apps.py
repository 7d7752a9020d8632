from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = "培养标准与课程规范"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
