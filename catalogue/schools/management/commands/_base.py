"""What the four schools import commands share: run the importer, print every problem or the counts."""

from django.core.management.base import BaseCommand

from catalogue.tabular import ImportProblems, fail_with, import_finished


class ImportCommand(BaseCommand):
    """Subclasses name `what` (the things counted) and implement `run(path, options)`."""

    what = ""

    def add_arguments(self, parser):
        parser.add_argument("path", help="导入文件（.csv 或 .xlsx，UTF-8，首行为中文列名）")

    def handle(self, *args, **options):
        try:
            result = self.run(options["path"], options)
        except ImportProblems as exc:
            fail_with(exc.problems)
        self.stdout.write(self.style.SUCCESS(f"{self.what}：{result}"))
        import_finished.send(sender=self.__module__.rsplit(".", 1)[-1])

    def run(self, path, options):
        raise NotImplementedError
