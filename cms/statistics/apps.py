from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    """The picture of the plan: public statistics page, the admin's 统计 view and the admin home panels."""

    name = "cms.statistics"
    label = "statistics"
    verbose_name = "统计"
