from catalogue.schools.importing import import_schools

from ._base import ImportCommand


class Command(ImportCommand):
    help = "导入技工院校名录（统一社会信用代码、学校名称、省份、学校类型），按统一社会信用代码新增或更新。"
    what = "学校"

    def run(self, path, options):
        return import_schools(path)
