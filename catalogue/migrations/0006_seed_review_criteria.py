"""The first version of the review rubric (the plan's five criteria, weights summing to 100), and titles
already listed by import marked as having come through review."""

from django.db import migrations

CRITERIA = [
    ("思想政治方向", 25, "坚持正确政治方向和价值导向，落实课程思政要求。"),
    ("内容科学性", 25, "内容准确、先进，符合行业企业技术规范。"),
    ("与培养标准和课程规范对接", 20, "对接国家技能人才培养标准和一体化课程规范。"),
    ("教学适用性", 20, "符合技工院校学生认知规律，便于组织教学。"),
    ("编校质量", 10, "编写规范，文字、图表、符号准确。"),
]


def seed(apps, schema_editor):
    CriteriaSet = apps.get_model("catalogue", "CriteriaSet")
    Criterion = apps.get_model("catalogue", "Criterion")
    criteria_set, created = CriteriaSet.objects.get_or_create(
        version=1, defaults={"name": "规划教材评审指标", "active": True}
    )
    if created:
        for order, (name, weight, description) in enumerate(CRITERIA):
            Criterion.objects.create(
                criteria_set=criteria_set, name=name, weight=weight, description=description, sort_order=order
            )


def mark_listed(apps, schema_editor):
    Textbook = apps.get_model("catalogue", "Textbook")
    Textbook.objects.filter(listing_status="listed", review_stage="draft").update(review_stage="listed")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_textbook_review")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(mark_listed, migrations.RunPython.noop),
    ]
