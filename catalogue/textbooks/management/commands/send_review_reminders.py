from django.core.management.base import BaseCommand

from catalogue.textbooks.review.reminders import send_reminders


class Command(BaseCommand):
    help = "向评审专家发送到期前和逾期提醒（每个评审任务每类提醒只发一次，可重复运行）。"

    def handle(self, *args, **options):
        sent = send_reminders()
        for assignment, kind in sent:
            self.stdout.write(f"{assignment}：{kind.label}")
        self.stdout.write(self.style.SUCCESS(f"共发送 {len(sent)} 条评审提醒。"))
