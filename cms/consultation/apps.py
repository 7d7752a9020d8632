from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "cms.consultation"
    label = "consultation"
    verbose_name = "征求意见"
