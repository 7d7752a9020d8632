"""Which item of the public navigation the current page belongs to (base.html marks it aria-current="page")."""

from django import template

from wagtail.models import Page

register = template.Library()

# (namespace, url name or None for any) → navigation item; the first match wins.
VIEW_SECTIONS = [
    ("catalogue", "editions", "editions"),
    ("catalogue", "compare", "compare"),
    ("catalogue", None, "catalogue"),
    ("textbooks", None, "textbooks"),
    ("consultation", None, "consultation"),
    ("statistics", None, "statistics"),
    ("search", None, "search"),
]


@register.simple_tag(takes_context=True)
def nav_section(context):
    """The item's key (home, catalogue, …), or "" when none fits (the 404 page, the admin's own pages).

    Wagtail serves the home page and the standards under one URL name, so those are told apart by the page
    object; `page` may also be a paginator page in list views, hence the type check.
    """
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None:
        return ""
    page = context.get("page")
    if match.url_name == "wagtail_serve":
        return _wagtail_section(page) if isinstance(page, Page) else ""
    for namespace, url_name, section in VIEW_SECTIONS:
        if match.namespace == namespace and url_name in (None, match.url_name):
            return section
    return ""


def _wagtail_section(page):
    if page.specific_class._meta.app_label == "standards":
        return "standards"
    return "home" if page.is_site_root() else ""
