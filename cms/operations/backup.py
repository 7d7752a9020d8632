"""Writing a backup: rows read in one (repeatable-read) transaction, files hashed, one archive written atomically.

Hand-written on purpose: `pg_dump` and `sqlite3 .dump` each serve one database, while a site moves between
SQLite and PostgreSQL by settings alone; `dumpdata`/`loaddata` hold everything in memory, know nothing of the
uploaded files or of Wagtail's content-type ids inside revision JSON, and check nothing on the way back. This
archive carries rows and files together with checksums and the migration state, and restores into either database.
"""

import os
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import wagtail

from . import archive, selection, serialization


def create_backup(out):
    """Write the whole content to `out` (a .tar.gz); returns the manifest. `out` appears only when complete."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=out.parent) as work:
        data_path = Path(work) / archive.DATA
        manifest = _manifest()
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost:
                _snapshot_isolation()
            manifest["migrations"] = applied_migrations()
            manifest["content_types"] = serialization.content_type_table()
            with open(data_path, "w", encoding="utf-8") as stream:
                for model in selection.backed_up_models():
                    manifest["counts"][selection.label(model)] = serialization.dump_model(model, stream)
        members = [(archive.DATA, data_path)] + _media_members()
        manifest["checksums"] = {name: archive.sha256_of(path) for name, path in members}
        partial = Path(work) / "archive.part"
        # Created readable by its owner only: the archive holds every account's password hash and private file.
        partial.touch(mode=0o600)
        archive.write(partial, manifest, members)
        os.chmod(partial, 0o600)
        os.replace(partial, out)
    return manifest


def _manifest():
    return {
        "format": archive.FORMAT,
        "format_version": archive.FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database_vendor": connection.vendor,
        "counts": {},
    }


def _snapshot_isolation():
    """On PostgreSQL every table is read from one snapshot, so a backup taken while people work is consistent.

    Only possible as the first statement of a transaction, hence only when the backup opens the transaction.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def applied_migrations():
    applied = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _media_members():
    media, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)
    members = [(f"media/{name}", path) for name, path in archive.files_under(media, skip=private)]
    members += [(f"private/{name}", path) for name, path in archive.files_under(private)]
    return members
