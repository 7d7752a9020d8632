from django.core.management.base import BaseCommand

from catalogue.management.commands._progress import progress_bar
from catalogue.tabular import ImportProblems, fail_with, import_finished
from catalogue.textbooks.curriculum.links import NO_STANDARD
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
        self.stdout.write(f"{result.linked} 种教材已关联到课程或课程标准。")
        without_standard = [row for row in result.unlinked if row.reason == NO_STANDARD]
        to_check = [row for row in result.unlinked if row.reason != NO_STANDARD]
        if without_standard:
            self.stdout.write(
                f"{len(without_standard)} 处因专业尚无已发布的培养标准而未关联课程，标准发布后自动关联。"
            )
        if to_check and options["verbosity"] >= 1:
            self.stdout.write(f"以下 {len(to_check)} 处课程未能关联（不是错误，供核对缺口）：")
            for row in to_check:
                self.stdout.write(f"  {row}")
        elif to_check:
            self.stdout.write(f"{len(to_check)} 处课程未能关联（逐行清单见 --verbosity 1）。")
        import_finished.send(sender="import_textbooks")
