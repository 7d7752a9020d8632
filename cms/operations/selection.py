"""Which tables a backup holds, which are rebuilt instead, and which a freshly migrated database already fills.

Everything installed is backed up except what Django or the project rebuilds on its own: content types and
permissions (recreated by `migrate`, referenced by natural key in the archive), sessions, django-axes login
records, the background task queue (django-tasks database backend: transient, and a restore rebuilds the
index those tasks would update), and the search indexes (the search app's document tables, its SQL-only
full-text tables, Wagtail's own index entries), which `restore_content` rebuilds from the restored content.
"""

from django.apps import apps

EXCLUDED_APPS = {"contenttypes", "sessions", "axes", "wagtailsearch", "django_tasks_database"}
EXCLUDED_MODELS = {
    "auth.permission",
    "cms_search.searchdocument",
    "cms_search.facetvalue",
    "cms_search.titlesyllablepair",
    "cms_search.pendingupdate",
}

# Rows that `migrate` itself creates (Wagtail's root page, default site, collection, locale and moderation
# workflow; the role groups; the seeded synonyms and review criteria). A database holding only these counts as
# empty; restore deletes them inside its transaction and loads the archive's rows in their place.
SEED_MODELS = {
    "auth.group",
    "users.role",
    "textbooks.criteriaset",
    "textbooks.criterion",
    "cms_search.synonym",
    "wagtailcore.locale",
    "wagtailcore.site",
    "wagtailcore.collection",
    "wagtailcore.groupcollectionpermission",
    "wagtailcore.workflow",
    "wagtailcore.workflowtask",
    "wagtailcore.task",
    "wagtailcore.groupapprovaltask",
    "wagtailcore.page",
    "wagtailcore.grouppagepermission",
    "wagtailcore.workflowpage",
}
# Wagtail's migrations create the root page and its first child; a third page is somebody's content.
SEED_PAGE_LIMIT = 2


def label(model):
    return model._meta.label_lower


def backed_up_models():
    """Concrete, managed models in dependency-free order (FK checks are deferred until the load is complete)."""
    chosen = []
    for model in apps.get_models():
        meta = model._meta
        if (
            meta.proxy
            or not meta.managed
            or meta.app_label in EXCLUDED_APPS
            or label(model) in EXCLUDED_MODELS
        ):
            continue
        chosen.append(model)
    return chosen


def tables_of(models):
    """The models' own tables plus their auto-created many-to-many tables, which the serializer writes inline."""
    tables = []
    for model in models:
        tables.append(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created and through._meta.db_table not in tables:
                tables.append(through._meta.db_table)
    return tables


def content_found(models):
    """(label, rows) for every table holding more than a freshly migrated database would; empty means empty."""
    found = []
    for model in models:
        count = model._base_manager.count()
        key = label(model)
        if key == "wagtailcore.page":
            if count > SEED_PAGE_LIMIT:
                found.append((key, count))
        elif count and key not in SEED_MODELS:
            found.append((key, count))
    return found
