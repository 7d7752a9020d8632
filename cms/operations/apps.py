from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "cms.operations"
    label = "operations"
    verbose_name = "运维（备份与恢复）"

    def ready(self):
        from cms.spreadsheets import protect_wagtail_exports
        from cms.text import use_lf_in_admin_forms

        protect_wagtail_exports()
        use_lf_in_admin_forms()
