"""The system's own name where Wagtail's admin templates would print "Wagtail" (cms/templates/wagtailadmin)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_name():
    return settings.WAGTAIL_SITE_NAME
