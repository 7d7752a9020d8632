from django.core.management.base import BaseCommand

from catalogue.management.commands._progress import progress_bar
from catalogue.tabular import ImportProblems, fail_with
from catalogue.textbooks.importer import import_textbooks
from catalogue.textbooks.models import Textbook


class Command(BaseCommand):
    help = "导入规划教材目录（CSV 或 XLSX，格式同 textbooks.csv），作为已审定并列入目录的教材；按 ISBN 去重。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="教材目录文件（.csv 或 .xlsx）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options):
        try:
            result = import_textbooks(
                options["path"], progress=progress_bar(self, "导入教材", not options["no_progress"])
            )
        except ImportProblems as exc:
            fail_with(exc.problems)
        self.stdout.write(
            self.style.SUCCESS(
                f"新增 {result.created} 种、更新 {result.updated} 种、无变化 {result.unchanged} 种教材；"
                f"目录内教材共 {Textbook.objects.listed().count()} 种。"
            )
        )
