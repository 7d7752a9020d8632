from django.core.management.base import BaseCommand

from catalogue.textbooks.review.services import close_due_notices

RESULTS = {"listed": "已列入目录", "reconsider": "异议成立，退回委员会", "waiting": "暂不处理"}


class Command(BaseCommand):
    help = "结束公示期已满的教材公示：异议均已处理且不成立的列入目录，异议成立的退回委员会，尚有未处理异议的暂不处理。"

    def handle(self, *args, **options):
        outcomes = close_due_notices()
        for outcome in outcomes:
            reason = f"（{outcome.reason}）" if outcome.reason else ""
            self.stdout.write(f"《{outcome.notice.textbook}》：{RESULTS[outcome.result]}{reason}")
        listed = sum(1 for outcome in outcomes if outcome.result == "listed")
        self.stdout.write(self.style.SUCCESS(f"处理公示 {len(outcomes)} 项，列入目录 {listed} 种。"))
