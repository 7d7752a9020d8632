from django.core.management.base import CommandError

from catalogue.schools.importing import import_school_reports
from catalogue.schools.provinces import province_by_name_or_code

from ._base import ImportCommand


class Command(ImportCommand):
    help = (
        "导入省级专业年报汇总表（每行一个学校的一个专业层级），每校每年一份年报，导入后为待审核"
        "（--approve 则为已审核）。"
    )
    what = "专业年报"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True, help="年报年度，如 2025")
        parser.add_argument("--province", help="省份名称或代码（如 44 或 广东省）：文件中只能有该省的学校")
        parser.add_argument("--approve", action="store_true", help="导入后直接审核通过")

    def run(self, path, options):
        provinces = None
        if options["province"]:
            province = province_by_name_or_code(options["province"])
            if province is None:
                raise CommandError(
                    f"省份“{options['province']}”无效，请写省份名称（如 广东省）或代码（如 44）"
                )
            provinces = [province.value]
        return import_school_reports(path, options["year"], provinces=provinces, approve=options["approve"])
