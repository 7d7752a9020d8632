"""Independent views of the database and the upload folders, to prove a restore lost nothing."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import connection

from tests.conftest import _Sink

# Written down here rather than imported, so a table the backup forgets to select shows up as a difference.
NOT_BACKED_UP = {"contenttypes", "sessions", "axes", "wagtailsearch", "django_tasks_database"}
NOT_BACKED_UP_MODELS = {
    "auth.permission",
    "cms_search.searchdocument",
    "cms_search.facetvalue",
    "cms_search.titlesyllablepair",
    "cms_search.pendingupdate",
}


def database_snapshot():
    """Every row of every content model, serialized by Django with natural keys (ids of content types differ)."""
    snapshot = {}
    for model in apps.get_models():
        meta = model._meta
        if (
            meta.proxy
            or not meta.managed
            or meta.app_label in NOT_BACKED_UP
            or meta.label_lower in NOT_BACKED_UP_MODELS
        ):
            continue
        rows = serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        if meta.label_lower == "wagtailcore.revision":
            rows = [_natural_revision_content(row) for row in rows]
        snapshot[meta.label_lower] = rows
    return snapshot


def _natural_revision_content(row):
    content = row["fields"]["content"]
    if isinstance(content, dict) and "content_type" in content:
        content = dict(
            content, content_type=ContentType.objects.get_for_id(content["content_type"]).natural_key()
        )
    row["fields"]["content"] = content
    return row


def file_tree(*roots):
    """{relative path: SHA-256} of every file under the roots."""
    tree = {}
    for root in roots:
        root = Path(root)
        for path in sorted(root.rglob("*")) if root.exists() else []:
            if path.is_file():
                tree[f"{root.name}/{path.relative_to(root).as_posix()}"] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return tree


def empty_database():
    """What a second, freshly built server looks like after `migrate`: `flush` empties every table and
    re-creates content types (with new ids), permissions and the role groups through post_migrate."""
    if connection.vendor == "postgresql":
        # Inside the test's transaction, PostgreSQL refuses TRUNCATE while deferred FK checks are pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    # CASCADE reaches the SQL-only full-text table (cms_search_pgindex) that references the search documents.
    call_command("flush", interactive=False, verbosity=0, allow_cascade=True, stdout=_Sink())
    ContentType.objects.clear_cache()


def rewrite_archive(source, target, change):
    """Copy an archive member by member; `change(name, data)` returns the new bytes (or the same)."""
    members = []
    with tarfile.open(source, "r:gz") as tar:
        for member in tar:
            members.append((member.name, tar.extractfile(member).read()))
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members:
            data = change(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def edit_manifest(edit):
    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest, ensure_ascii=False).encode("utf-8")

    return change
