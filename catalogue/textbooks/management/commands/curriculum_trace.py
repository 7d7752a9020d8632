import json

from django.core.management.base import BaseCommand, CommandError

from catalogue.textbooks.curriculum.trace import TraceError, trace_all, trace_for_code


class Command(BaseCommand):
    help = (
        "课程与教材对照：每个已发布培养标准的专业，列出现行一体化课程及对应的已列入目录教材（ISBN）、"
        "暂无教材的课程、课程不在现行标准中的教材和专业基础课教材。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--program", metavar="CODE", help="只看这个专业（4 位专业代码）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        if options["program"]:
            try:
                traces = [trace_for_code(options["program"].strip())]
            except TraceError as error:
                raise CommandError(str(error)) from error
        else:
            traces = trace_all()
        if options["json"]:
            payload = {"programs": [trace.as_dict() for trace in traces]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for trace in traces:
            self.write_trace(trace)
        self.stdout.write(f"共 {len(traces)} 个专业有已发布的培养标准。")

    def write_trace(self, trace):
        version = trace.version
        self.stdout.write(f"{trace.program.code} {trace.program.name}")
        when = f"（{version.effective_date:%Y-%m-%d} 施行）" if version else ""
        self.stdout.write(f"  培养标准：{trace.standard.title} v{version.number if version else '—'}{when}")
        for course in trace.courses:
            levels = "，".join(f"{label} {hours} 学时" for label, hours in course.level_hours)
            books = "、".join(book.isbn for book in course.textbooks) or "暂无教材"
            self.stdout.write(f"  {course.code} {course.name}（{levels}）：{books}")
        gaps = trace.courses_without_textbooks
        self.stdout.write(f"  暂无教材的课程：{'、'.join(gaps) or '无'}")
        off = "、".join(book.isbn for book in trace.textbooks_not_in_standard)
        self.stdout.write(f"  课程不在现行标准中的教材：{off or '无'}")
        foundation = "、".join(book.isbn for book in trace.foundation_textbooks)
        self.stdout.write(f"  专业基础课教材：{foundation or '无'}")
        self.stdout.write("")
