"""Back up the whole content (database rows and uploaded files) into one .tar.gz archive."""

import errno
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.operations.backup import create_backup


class Command(BaseCommand):
    help = "备份全部内容（数据库内容与上传文件）到一个 .tar.gz 归档文件。"

    def add_arguments(self, parser):
        parser.add_argument("out", help="归档文件路径，如 backups/content-2026-01-01.tar.gz")
        parser.add_argument("--force", action="store_true", help="覆盖已存在的同名文件")

    def handle(self, *args, out, force=False, **options):
        out = Path(out)
        if out.exists() and not force:
            raise CommandError(f"文件 {out} 已存在；如需覆盖请加 --force。")
        if out.is_dir():
            raise CommandError(f"{out} 是一个目录，请给出归档文件的路径。")
        try:
            manifest = create_backup(out)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise CommandError(
                    f"磁盘空间不足，无法写出备份 {out}；未留下不完整的文件。请清理磁盘后重试。"
                ) from exc
            raise CommandError(f"无法写出备份 {out}：{exc.strerror or exc}。") from exc
        rows = sum(manifest["counts"].values())
        files = len(manifest["checksums"]) - 1
        size = out.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{out}（{rows} 行数据，{files} 个文件，{size / 1024 / 1024:.1f} MB）。"
            )
        )
