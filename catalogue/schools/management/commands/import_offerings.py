from catalogue.schools.importing import import_offerings

from ._base import ImportCommand


class Command(ImportCommand):
    help = "导入专业设置备案（统一社会信用代码、专业代码、层级、开设年份）；已退出现行目录的专业不能新备案。"
    what = "专业设置备案"

    def run(self, path, options):
        return import_offerings(path)
