"""Admin for search: the synonym groups, editable by administrators and effective on save (no restart)."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Synonym


class SynonymViewSet(ModelViewSet):
    model = Synonym
    icon = "search"
    menu_label = "检索同义词"
    menu_order = 900
    add_to_settings_menu = True
    list_display = ["terms", "enabled", "note", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["terms", "note"]
    form_fields = ["terms", "enabled", "note"]


@hooks.register("register_admin_viewset")
def register_synonyms():
    return SynonymViewSet("search_synonyms")
