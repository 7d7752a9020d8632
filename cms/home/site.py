"""The site's home page, created once: everything else on the site hangs below it."""

from wagtail.models import Page, Site

from .models import HomePage


def ensure_home_page():
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    # Wagtail's first migration leaves a placeholder "Welcome" page at the root; the home page replaces it.
    for page in root.get_children().specific():
        if not isinstance(page, HomePage):
            page.delete()
    root.refresh_from_db()
    home = root.add_child(instance=HomePage(title="技工院校专业目录与教材", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home
