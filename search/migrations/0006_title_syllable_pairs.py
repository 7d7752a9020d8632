from itertools import pairwise

import django.db.models.deletion
from django.db import migrations, models


def pair_stored_titles(apps, schema_editor):
    """Documents indexed before this table keep their title syllables in `title_pinyin`; pair them, no rebuild."""
    document_model = apps.get_model("cms_search", "SearchDocument")
    pair_model = apps.get_model("cms_search", "TitleSyllablePair")
    rows = document_model.objects.values_list("pk", "doc_type", "object_id", "title_pinyin")
    batch = []
    for doc_id, doc_type, object_id, title_pinyin in rows.iterator(chunk_size=2000):
        syllables = title_pinyin.split()
        batch.extend(
            pair_model(document_id=doc_id, doc_type=doc_type, object_id=object_id, pair=f"{a} {b}", position=n)
            for n, (a, b) in enumerate(pairwise(syllables))
            if len(a) + len(b) < 20
        )
        if len(batch) >= 5000:
            pair_model.objects.bulk_create(batch)
            batch = []
    pair_model.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('cms_search', '0005_title_pinyin'),
    ]

    operations = [
        migrations.CreateModel(
            name='TitleSyllablePair',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('doc_type', models.CharField(max_length=20)),
                ('object_id', models.CharField(max_length=40)),
                ('pair', models.CharField(max_length=20)),
                ('position', models.PositiveSmallIntegerField()),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cms_search.searchdocument')),
            ],
            options={
                'indexes': [models.Index(fields=['pair', 'doc_type', 'object_id', 'position'], name='search_title_pair')],
            },
        ),
        migrations.RunPython(pair_stored_titles, migrations.RunPython.noop),
    ]
