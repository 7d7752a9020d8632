"""The system's own name where Wagtail's admin templates would print "Wagtail" (cms/templates/wagtailadmin)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_name():
    return settings.WAGTAIL_SITE_NAME


@register.filter
def app_verbose_name(app_label):
    """An app's own (Chinese) name for its label: Wagtail's page-type report prints `standards.trainingstandardpage`."""
    from django.apps import apps

    try:
        return apps.get_app_config(app_label).verbose_name
    except LookupError:
        return app_label
