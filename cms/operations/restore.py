"""Restoring a backup into an empty, migrated database and empty media folders, all or nothing.

Order of work, so that a refusal or a failure leaves everything as it was:

1. Refuse if the database holds content (see `selection.content_found`) or the media folders hold files.
2. Stream the archive into a staging folder next to MEDIA_ROOT, checking every SHA-256 against the manifest.
3. Refuse if the archive's migrations are unknown to this code (a newer release) or not applied here.
4. In one transaction: delete the rows `migrate` seeded (root page, default site, role groups, seeded
   synonyms, …; the archive carries the source's versions of all of them, with their original ids), load every
   row with its primary key, check foreign keys and row counts, reset sequences, then move the staged files
   into place. Any error rolls the transaction back and removes the files already moved.
5. After commit, rebuild the search indexes (the project's and Wagtail's) from the restored content; a failure
   there is reported but does not undo the restore, because the index can be rebuilt at any time.
"""

import json
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import python
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader

from search import indexing

from . import archive, selection, serialization

CHUNK = 1000
STAGE_PREFIX = ".restore-"


class RestoreError(Exception):
    """Restore refused or failed; nothing was changed. The message is shown to the operator as is."""


def restore_backup(archive_path, rebuild_search=True):
    """Restore the archive; returns (manifest, warnings, unfinished): `unfinished` lists what could not be done
    after the content was restored (the search rebuild), which the command reports with a non-zero exit."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise RestoreError(f"找不到备份文件：{archive_path}。")
    chosen = selection.backed_up_models()
    _refuse_if_content(chosen)
    _refuse_if_files()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_stages(media_root.parent)
    stage = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-", dir=media_root.parent))
    try:
        manifest = _read(archive_path, stage)
        warnings = check_migrations(manifest)
        _restore_in_transaction(chosen, manifest, stage)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    unfinished = _rebuild_search() if rebuild_search else []
    return manifest, warnings, unfinished


def _remove_abandoned_stages(parent):
    """A restore killed before its cleanup (SIGKILL, power loss) leaves its staging folder, with rows and private
    files in it; the next restore removes any whose process is gone."""
    for folder in parent.glob(f"{STAGE_PREFIX}*"):
        pid = folder.name.removeprefix(STAGE_PREFIX).split("-", 1)[0]
        if folder.is_dir() and not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read(archive_path, stage):
    try:
        return archive.read(archive_path, stage)
    except archive.ArchiveError as exc:
        raise RestoreError(str(exc)) from exc


def _refuse_if_content(chosen):
    found = selection.content_found(chosen)
    if found:
        listed = "、".join(f"{label} {count} 条" for label, count in found[:5])
        raise RestoreError(
            f"数据库中已有内容（{listed}{' 等' if len(found) > 5 else ''}），拒绝恢复。"
            "恢复只能写入刚迁移过的空数据库。"
        )


def _refuse_if_files():
    for root in _roots().values():
        files = archive.files_under(root, skip=settings.PRIVATE_MEDIA_ROOT if root == _media() else None)
        if files:
            raise RestoreError(f"文件目录 {root} 中已有 {len(files)} 个文件，拒绝恢复。请换用空目录。")


def _media():
    return Path(settings.MEDIA_ROOT)


def _roots():
    return {"media": _media(), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


def check_migrations(manifest):
    """Refuse an archive from newer code or an unmigrated database; warn when the archive is older."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    archived = {(app, name) for app, names in manifest.get("migrations", {}).items() for name in names}
    unknown = sorted(archived - set(loader.disk_migrations))
    if unknown:
        app, name = unknown[0]
        raise RestoreError(
            f"备份的迁移状态比当前代码新：迁移 {app}.{name} 等 {len(unknown)} 个在当前代码中不存在。"
            "请先把代码升级到不低于备份时的版本再恢复。"
        )
    applied = set(loader.applied_migrations)
    missing = sorted(archived - applied)
    if missing:
        app, name = missing[0]
        raise RestoreError(
            f"数据库尚未迁移到备份时的状态（缺少 {app}.{name} 等 {len(missing)} 个迁移）。"
            "请先运行 python manage.py migrate 再恢复。"
        )
    newer_here = sorted(applied - archived)
    if newer_here:
        return [
            f"提示：数据库比备份多 {len(newer_here)} 个迁移（如 {'.'.join(newer_here[0])}），数据按当前模型载入。"
        ]
    return []


def _restore_in_transaction(chosen, manifest, stage):
    moved = []
    try:
        with transaction.atomic():
            _refuse_if_content(chosen)
            tables = selection.tables_of(chosen)
            _delete_rows(tables)
            _load(stage / archive.DATA, manifest)
            connection.check_constraints(table_names=tables)
            _check_counts(chosen, manifest)
            _reset_sequences(chosen)
            _place_files(stage, moved)
    except IntegrityError as exc:
        _remove(moved)
        raise RestoreError(f"备份数据不一致，无法载入（{exc}），已撤销恢复，数据库未作任何改动。") from exc
    except DatabaseError as exc:
        _remove(moved)
        raise RestoreError(f"恢复失败（{exc}），已撤销恢复，数据库未作任何改动。") from exc
    except BaseException:
        _remove(moved)
        raise


def _delete_rows(tables):
    """DELETE rather than TRUNCATE: transactional everywhere, and foreign keys (deferred by Django) are checked
    once the archive's rows are in. The tables hold only the few rows `migrate` seeded."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def _remove(paths):
    for path in reversed(paths):
        path.unlink(missing_ok=True)


def _load(data_path, manifest):
    old_content_types = manifest["content_types"]
    batch = []
    with open(data_path, encoding="utf-8") as stream, connection.constraint_checks_disabled():
        for line in stream:
            data = json.loads(line)
            if data["model"] == "wagtailcore.revision":
                serialization.remap_revision_content(data, old_content_types)
            batch.append(data)
            if len(batch) >= CHUNK:
                _save(batch)
        _save(batch)


def _save(batch):
    """Insert rows as stored (raw: no save() logic runs), then their many-to-many rows straight into the
    link table; a manager's `set()` would not write ParentalManyToManyField links of an unsaved cluster."""
    try:
        for deserialized in python.Deserializer(batch):
            obj = deserialized.object
            models.Model.save_base(obj, raw=True, force_insert=True)
            for name, ids in (deserialized.m2m_data or {}).items():
                _link(obj, obj._meta.get_field(name), ids)
    except Exception as exc:
        raise RestoreError(f"载入数据失败（{exc.__class__.__name__}：{exc}），数据库未作任何改动。") from exc
    batch.clear()


def _link(obj, field, ids):
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    through._base_manager.bulk_create([through(**{source: obj.pk, target: pk}) for pk in ids])


def _check_counts(chosen, manifest):
    for model in chosen:
        label = selection.label(model)
        expected = manifest["counts"].get(label, 0)
        actual = model._base_manager.count()
        if actual != expected:
            raise RestoreError(f"恢复后 {label} 有 {actual} 条，清单记录为 {expected} 条，已撤销恢复。")


def _reset_sequences(chosen):
    statements = connection.ops.sequence_reset_sql(no_style(), chosen)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _place_files(stage, moved):
    for prefix, root in _roots().items():
        staged_root = stage / prefix
        for name, path in archive.files_under(staged_root):
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
            moved.append(target)


def _rebuild_search():
    try:
        indexing.rebuild()
        call_command("update_index", verbosity=0)
    except Exception as exc:
        return [f"检索索引重建失败（{exc}），请运行 python manage.py search_rebuild。"]
    return []
