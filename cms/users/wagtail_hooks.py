from wagtail import hooks
from wagtail.admin.wagtail_hooks import SettingsMenuItem

# Help menu items that open Wagtail's English release notes and editor guide on wagtail.org.
EXTERNAL_HELP_ITEMS = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("construct_help_menu")
def keep_help_menu_local(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(EXTERNAL_HELP_ITEMS)]


def label_site_columns():
    """Wagtail's site listing names three columns after their field names ("Port", "Site name", "Root page"),
    which no translation reaches; they take the fields' own (translated) verbose names instead."""
    from django.utils.text import capfirst

    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


label_site_columns()


class QuietSettingsMenuItem(SettingsMenuItem):
    """The settings submenu without its "Wagtail v8.0.1" footer: English, and nothing a user of the system needs."""

    def render_component(self, request):
        component = super().render_component(request)
        component.footer_text = ""
        return component


@hooks.register("construct_main_menu")
def quiet_settings_menu(request, menu_items):
    for item in menu_items:
        if type(item) is SettingsMenuItem:
            item.__class__ = QuietSettingsMenuItem
