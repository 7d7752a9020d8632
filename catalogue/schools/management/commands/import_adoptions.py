from catalogue.schools.importing import import_adoptions

from ._base import ImportCommand


class Command(ImportCommand):
    help = "导入教材选用（统一社会信用代码、学期、专业代码、课程代码、ISBN 或书名、使用学生数、理由）。"
    what = "教材选用"

    def run(self, path, options):
        return import_adoptions(path)
