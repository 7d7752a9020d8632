"""Score the public textbook search on labelled queries: NDCG@10, recall@10, MRR overall and per kind."""

import json

from django.core.management.base import BaseCommand, CommandError

from search.evaluation import evaluate
from search.management.commands.search_batch import batch_results


class Command(BaseCommand):
    help = "评估教材检索质量（NDCG@10、recall@10、MRR），总体及按查询类型。"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, path, json=False, **options):
        labelled = load(path)
        report = evaluate(labelled, lambda q: batch_results(q, 10))
        if json:
            self.stdout.write(_json.dumps(report, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{'kind':<14}{'n':>4}{'NDCG@10':>10}{'recall@10':>11}{'MRR':>8}")
        for group, row in sorted(report.items(), key=lambda item: (item[0] != "overall", item[0])):
            self.stdout.write(
                f"{group:<14}{row['n']:>4}{row['ndcg']:>10.3f}{row['recall']:>11.3f}{row['mrr']:>8.3f}"
            )


_json = json


def load(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return [_json.loads(line) for line in handle if line.strip()]
    except (OSError, ValueError) as error:
        raise CommandError(f"无法读取评测文件：{error}") from error
