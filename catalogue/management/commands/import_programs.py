from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.importers import import_programs
from catalogue.tabular import ImportProblems, fail_with, import_finished

from ._progress import progress_bar


class Command(BaseCommand):
    help = "导入基线专业目录（CSV 或 XLSX，格式同 programs.csv），创建或更新基线目录版本。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="专业目录文件（.csv 或 .xlsx）")
        parser.add_argument("--edition", default="2018", help="基线目录版本名称（默认 2018）")
        parser.add_argument("--effective", help="施行日期 YYYY-MM-DD（默认为版本年份的 9 月 1 日）")
        parser.add_argument(
            "--categories",
            help="专业大类文件（code,name）；省略时使用同一目录下的 categories.csv（如存在）和数据库中已有的大类",
        )
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options):
        effective = self._effective_date(options)
        categories = options["categories"] or self._sibling_categories(options["path"])
        try:
            result = import_programs(
                options["path"],
                options["edition"],
                effective,
                categories_path=categories,
                progress=progress_bar(self, "导入专业", not options["no_progress"]),
            )
        except ImportProblems as exc:
            fail_with(exc.problems)
        self.stdout.write(
            self.style.SUCCESS(
                f"目录版本 {result.edition.name}：新增 {result.created} 个、更新 {result.updated} 个、"
                f"无变化 {result.unchanged} 个专业；现行专业 {result.edition.programs.count()} 个。"
            )
        )
        import_finished.send(sender="import_programs")

    def _effective_date(self, options):
        if options["effective"]:
            try:
                return date.fromisoformat(options["effective"])
            except ValueError as exc:
                raise CommandError(f"施行日期“{options['effective']}”应为 YYYY-MM-DD") from exc
        name = options["edition"]
        if name.isdigit() and len(name) == 4:
            return date(int(name), 9, 1)
        raise CommandError("版本名称不是年份时，请用 --effective 指定施行日期")

    def _sibling_categories(self, path):
        sibling = Path(path).with_name("categories.csv")
        if sibling.is_file():
            self.stdout.write(f"使用专业大类文件 {sibling}")
            return sibling
        return None
