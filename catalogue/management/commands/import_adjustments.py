from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from catalogue.adjustments import AdjustmentError
from catalogue.importers import import_adjustments
from catalogue.tabular import ImportProblems, fail_with, import_finished

from ._progress import progress_bar


class Command(BaseCommand):
    help = "导入一批动态调整（格式同 adjustments-2025.csv）；加 --approve 时批准并立即应用整批，生成已发布的目录版本。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="动态调整文件（.csv 或 .xlsx）")
        parser.add_argument("--edition", required=True, help="调整后的目录版本名称，如 2025")
        parser.add_argument("--approve", action="store_true", help="批准并立即应用整批调整")
        parser.add_argument("--user", help="记录为提出人和审批人的用户名")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options):
        user = self._user(options["user"])
        try:
            result = import_adjustments(
                options["path"],
                options["edition"],
                apply=options["approve"],
                user=user,
                progress=progress_bar(self, "导入调整", not options["no_progress"]),
            )
        except ImportProblems as exc:
            fail_with(exc.problems)
        except AdjustmentError as exc:
            fail_with(exc.problems)
        message = f"记录调整 {result.recorded} 项，已存在跳过 {result.skipped} 项。"
        if result.edition is not None:
            message += f"目录版本 {result.edition.name}：现行专业 {result.edition.programs.count()} 个。"
        self.stdout.write(self.style.SUCCESS(message))
        import_finished.send(sender="import_adjustments")

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"用户“{username}”不存在") from exc
