from django.db import migrations, models


def copy_stored_title_pinyin(apps, schema_editor):
    """Documents indexed before this column keep their title syllables in `data`; copy them rather than rebuild."""
    table = apps.get_model("cms_search", "SearchDocument")._meta.db_table
    if schema_editor.connection.vendor == "postgresql":
        source = "data -> 'py' ->> 'title'"
    else:
        source = "json_extract(data, '$.py.title')"
    schema_editor.execute(f"UPDATE {table} SET title_pinyin = COALESCE({source}, '')")


class Migration(migrations.Migration):
    dependencies = [
        ("cms_search", "0004_initials_stream"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="title_pinyin",
            field=models.CharField(blank=True, default="", max_length=1200, verbose_name="标题拼音"),
        ),
        migrations.RunPython(copy_stored_title_pinyin, migrations.RunPython.noop),
    ]
