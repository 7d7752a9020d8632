"""`manage.py import_standard PATH`: a training standard from the Markdown exchange format (see exchange.py)."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from catalogue.tabular import import_finished
from standards.importer import ImportErrors, import_standard


class Command(BaseCommand):
    help = "从 Markdown（含 YAML 前置信息和课程表）导入一份培养标准或课程标准；有任何错误则逐行报告，不写入任何内容。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="Markdown 文件路径（UTF-8）")
        parser.add_argument("--publish", action="store_true", help="检查通过后按文件中的版本号发布")

    def handle(self, *args, path, publish, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"找不到文件：{file}")
        if file.stat().st_size > 4 * settings.STANDARD_MAX_CHARACTERS:  # UTF-8: at most 4 bytes a character
            raise CommandError(f"{file} 过大，超过标准文件的上限，未读取。")
        try:
            page, revision = import_standard(file.read_text(encoding="utf-8"), publish=publish)
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file}：文件不是 UTF-8 编码。") from exc
        except ImportErrors as exc:
            raise CommandError(f"{file} 有 {len(exc.errors)} 处错误，未写入任何内容：\n{exc}") from exc
        except ValidationError as exc:
            raise CommandError(f"{file} 未能发布，未写入任何内容：\n" + "\n".join(exc.messages)) from exc
        state = "已发布" if publish else "已保存为草稿"
        code = page.program.code if hasattr(page, "program") else page.course_code
        self.stdout.write(self.style.SUCCESS(f"{page.title}（{code}）{state}，修订 {revision.pk}。"))
        import_finished.send(sender="import_standard")
