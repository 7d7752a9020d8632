"""Restore a backup made by `backup_content` into an empty, migrated database and empty media folders."""

import signal
import threading
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError

from cms.operations.restore import RestoreError, restore_backup


@contextmanager
def terminate_by_unwinding():
    """SIGTERM (systemctl stop, docker stop, kill) ends the restore by raising SystemExit instead of the default
    on-the-spot death, so the staging folder's `finally` runs and an open transaction rolls back: nothing is left
    half-written, and no folder of rows and private files stays behind."""
    if threading.current_thread() is not threading.main_thread():  # signal handlers live in the main thread
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class Command(BaseCommand):
    help = "从 backup_content 生成的归档恢复全部内容（只能恢复到刚迁移过的空数据库）。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份归档文件路径（.tar.gz）")
        parser.add_argument("--no-search-rebuild", action="store_true", help="恢复后不重建检索索引")

    def handle(self, *args, archive, no_search_rebuild=False, **options):
        try:
            with terminate_by_unwinding():
                manifest, warnings, unfinished = restore_backup(archive, rebuild_search=not no_search_rebuild)
        except RestoreError as exc:
            raise CommandError(str(exc)) from exc
        except SystemExit:
            self.stderr.write(
                "恢复被终止（SIGTERM）：暂存文件夹已删除，未提交的数据已回滚。请检查后重新运行。"
            )
            raise
        for warning in warnings:
            self.stderr.write(self.style.WARNING(warning))
        rows = sum(manifest["counts"].values())
        files = len(manifest["checksums"]) - 1
        done = f"{rows} 行数据，{files} 个文件（备份时间 {manifest['created_at']}）"
        if unfinished:
            # The content is back but the job is not finished (the search index is stale): a script must see it.
            raise CommandError(f"内容已恢复（{done}），但恢复未全部完成：\n" + "\n".join(unfinished))
        self.stdout.write(self.style.SUCCESS(f"恢复完成：{done}。"))
