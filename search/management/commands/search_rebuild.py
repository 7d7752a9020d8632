"""Rebuild the whole search index from the public objects, with a progress bar."""

from django.core.management.base import BaseCommand

from tqdm import tqdm

from search import indexing


class Command(BaseCommand):
    help = "重建检索索引（教材、专业、培养标准）。"

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        parser.add_argument("--pending", action="store_true", help="只重试此前失败的索引更新")

    def handle(self, *args, no_progress=False, pending=False, **options):
        if pending:
            count = indexing.retry_pending()
            self.stdout.write(f"已重试 {count} 条失败的索引更新。")
            return
        bar = tqdm(total=indexing.count_indexable(), unit="条", disable=no_progress, file=self.stderr)
        total = indexing.rebuild(progress=bar.update)
        bar.close()
        self.stdout.write(self.style.SUCCESS(f"检索索引已重建：{total} 条文档。"))
