"""`manage.py benchmark_pdf`: what a PDF export costs cold and from the file cache, per published standard.

Prints figures; it asserts nothing (speed goals live here, not in timed tests). The cold render uses a
temporary cache folder, so the site's own cache is neither read nor disturbed.
"""

import statistics
import tempfile
import time

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from standards import pdf_cache
from standards.models import TrainingStandardPage


class Command(BaseCommand):
    help = "测量培养标准 PDF 导出的耗时：首次生成与缓存命中（打印数字，不作判断）。"

    def add_arguments(self, parser):
        parser.add_argument("--program", help="只测该专业代码的标准（默认全部已发布标准）")
        parser.add_argument("--repeat", type=int, default=20, help="缓存命中测量的次数（默认 20）")

    def handle(self, *args, program=None, repeat=20, **options):
        pages = TrainingStandardPage.objects.live().select_related("program").order_by("program__code")
        if program:
            pages = pages.filter(program__code=program)
        pages = [page for page in pages if page.current_version is not None]
        if not pages:
            raise CommandError("没有已发布的培养标准可测。")
        colds, hits = [], []
        with tempfile.TemporaryDirectory() as folder, override_settings(STANDARDS_PDF_CACHE_DIR=folder):
            for page in pages:
                version = page.current_version
                started = time.perf_counter()
                size = len(pdf_cache.pdf_bytes(page, version))
                cold = time.perf_counter() - started
                started = time.perf_counter()
                for _ in range(repeat):
                    pdf_cache.pdf_bytes(page, version)
                hit = (time.perf_counter() - started) / repeat
                colds.append(cold)
                hits.append(hit)
                self.stdout.write(
                    f"{page.program.code} v{version.number}：{size / 1024:.0f} KB，"
                    f"首次生成 {cold * 1000:.0f} ms，缓存命中 {hit * 1000:.2f} ms"
                )
        self.stdout.write(
            f"共 {len(pages)} 个标准：首次生成中位数 {statistics.median(colds) * 1000:.0f} ms，"
            f"缓存命中中位数 {statistics.median(hits) * 1000:.2f} ms"
        )
