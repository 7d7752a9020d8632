"""Run many queries through the public textbook search and write the ISBNs it returns, one JSON line each."""

import json

from django.core.management.base import BaseCommand, CommandError

from search.service import TextbookSearch


class Command(BaseCommand):
    help = '批量执行教材检索：输入每行 {"q": ...}，输出每行 {"q": ..., "results": [isbn, ...]}。'

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True)
        parser.add_argument("--output", required=True)
        parser.add_argument("--limit", type=int, default=10)

    def handle(self, *args, input, output, limit, **options):
        try:
            lines = open(input, encoding="utf-8").read().splitlines()
        except OSError as error:
            raise CommandError(f"无法读取输入文件：{error}") from error
        written = 0
        with open(output, "w", encoding="utf-8") as out:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    query = json.loads(line)["q"]
                except (ValueError, KeyError, TypeError) as error:
                    raise CommandError(f'第 {number} 行不是 {{"q": ...}} 格式：{error}') from error
                out.write(
                    json.dumps({"q": query, "results": batch_results(query, limit)}, ensure_ascii=False)
                    + "\n"
                )
                written += 1
        self.stdout.write(f"已写入 {written} 条检索结果：{output}")


def batch_results(query, limit):
    """Exactly what the public textbook search shows first: the keys of its first `limit` hits."""
    results = TextbookSearch(query).execute(page=1, per_page=limit, facets=False)
    return [hit.doc.key for hit in results.hits]
