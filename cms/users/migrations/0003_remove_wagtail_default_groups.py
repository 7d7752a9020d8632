"""Remove the groups and workflow Wagtail's initial migrations create, which the project's roles replace.

Wagtail creates the groups Moderators and Editors and a workflow "Moderators approval" on the root page. Nobody
is meant to join them (roles are `cms.users.roles`), and their English names showed up in the admin. A workflow
that already has runs is kept, so no page's moderation history is lost.
"""

from django.db import migrations

LEFTOVER_GROUPS = ["Moderators", "Editors"]
DEFAULT_WORKFLOW = "Moderators approval"


def remove_defaults(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow.objects.filter(name=DEFAULT_WORKFLOW, workflow_states__isnull=True).delete()
    GroupApprovalTask.objects.filter(
        name=DEFAULT_WORKFLOW, task_states__isnull=True, workflow_tasks__isnull=True
    ).delete()
    Group.objects.filter(name__in=LEFTOVER_GROUPS).delete()


class Migration(migrations.Migration):
    # After every migration of Wagtail's that looks these groups up by name.
    dependencies = [
        ("users", "0002_role"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(remove_defaults, migrations.RunPython.noop)]
