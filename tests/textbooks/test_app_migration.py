"""A database from before textbooks became an app of their own keeps its textbooks, revisions, review records and
permissions after the moving migrations run: the database is taken back to the last migration of the old
layout, filled through the historical models, then migrated forward."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

import pytest

from catalogue.textbooks.models import Textbook
from cms.users.models import User

BEFORE_THE_MOVE = [("catalogue", "0007_review_criteria_admin_and_cancelled"), ("textbooks", None)]


def migrate(targets):
    """Apply or unapply up to `targets`; the historical models at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    executor.loader.build_graph()
    # schools builds on the textbooks app and consultation on the catalogue after the move, so they are unapplied
    # with them and have no place in the old layout
    moved = ("catalogue", "textbooks", "schools", "consultation")
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in moved]
    return executor.loader.project_state(others + [t for t in targets if t[1]]).apps


def fill_old_layout(old):
    ContentType = old.get_model("contenttypes", "ContentType")
    textbook_type = ContentType.objects.get(app_label="catalogue", model="textbook")
    organisation = old.get_model("users", "Organisation").objects.create(name="迁移出版社")
    publisher = old.get_model("users", "User").objects.create(
        username="old-publisher", organisation=organisation
    )
    group = old.get_model("auth", "Group").objects.create(name="旧出版社角色")
    group.permissions.add(
        old.get_model("auth", "Permission").objects.get(
            content_type=textbook_type, codename="change_textbook"
        )
    )
    publisher.groups.add(group)
    book = old.get_model("catalogue", "Textbook").objects.create(
        isbn="9787504599996",
        title="迁移前的申报教材",
        publisher=organisation,
        kind="foundation",
        level="general",
    )
    old.get_model("wagtailcore", "Revision").objects.create(
        content_type=textbook_type,
        base_content_type=textbook_type,
        object_id=str(book.pk),
        object_str=book.title,
        created_at=timezone.now(),
        content={"pk": book.pk, "isbn": book.isbn, "title": "迁移前的申报教材（修订稿）"},
    )
    old.get_model("catalogue", "ReviewEvent").objects.create(
        textbook=book, round=1, action="submit", from_stage="draft", to_stage="submitted", reason="首次申报"
    )
    return book.pk


# available_apps makes the flush afterwards cascade (PostgreSQL refuses to truncate the search app's documents
# while its SQL-only full-text table refers to them).
@pytest.mark.django_db(transaction=True, available_apps=[config.name for config in apps.get_app_configs()])
def test_a_database_from_before_the_move_keeps_textbooks_revisions_review_records_and_permissions():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        pk = fill_old_layout(migrate(BEFORE_THE_MOVE))
    finally:
        migrate(latest)  # also when filling fails: the database is left as the other tests expect it

    book = Textbook.objects.get(pk=pk)
    assert book.title == "迁移前的申报教材"
    revision = book.revisions.get()
    assert revision.content_type.model_class() is Textbook
    assert revision.as_object().title == "迁移前的申报教材（修订稿）"
    assert [(e.action, e.reason) for e in book.review_events.all()] == [("submit", "首次申报")]
    publisher = User.objects.get(username="old-publisher")
    assert publisher.has_perm("textbooks.change_textbook")
    assert not ContentType.objects.filter(app_label="catalogue", model="textbook").exists()
