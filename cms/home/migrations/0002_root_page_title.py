from django.db import migrations


def name_the_root_in_chinese(apps, schema_editor):
    """Wagtail's tree root is created titled "Root", which the admin shows in breadcrumbs and reports."""
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="Root").update(title="根页面")


def name_the_root_in_english(apps, schema_editor):
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="根页面").update(title="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
    ]

    operations = [migrations.RunPython(name_the_root_in_chinese, name_the_root_in_english)]
