import json

from django.core.management.base import BaseCommand, CommandError

from catalogue.diff import diff_editions
from catalogue.models import Edition


class Command(BaseCommand):
    help = "比较两个目录版本：新增、撤销（含合并、拆分撤出）和更名（含原代码升级改造）的专业代码。"

    def add_arguments(self, parser):
        parser.add_argument("old", help="旧版本名称")
        parser.add_argument("new", help="新版本名称")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出排序后的专业代码")

    def handle(self, *args, **options):
        old, new = (self._edition(options[name]) for name in ("old", "new"))
        diff = diff_editions(old, new)
        if options["json"]:
            summary = {"added": diff.added, "retired": diff.retired, "renamed": diff.renamed}
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        for row in diff.rows:
            self.stdout.write(
                f"{row.change:<6}\t{row.old_code or '':<4} {row.old_name or '':<16}\t"
                f"{row.new_code or '':<4} {row.new_name or ''}"
            )
        self.stdout.write(
            f"新增 {len(diff.added)} 个，撤出 {len(diff.retired)} 个，更名 {len(diff.renamed)} 个。"
        )

    def _edition(self, name):
        try:
            return Edition.objects.get(name=name)
        except Edition.DoesNotExist as exc:
            known = "、".join(Edition.objects.values_list("name", flat=True)) or "无"
            raise CommandError(f"目录版本“{name}”不存在（已有：{known}）") from exc
