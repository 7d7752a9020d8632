from wagtail import hooks

# Help menu items that open Wagtail's English release notes and editor guide on wagtail.org.
EXTERNAL_HELP_ITEMS = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("construct_help_menu")
def keep_help_menu_local(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(EXTERNAL_HELP_ITEMS)]
