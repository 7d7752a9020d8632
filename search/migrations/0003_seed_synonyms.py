"""Seed the synonym groups from the starting list (search/data/synonyms.txt); administrators edit them after."""

from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "data" / "synonyms.txt"


def seed(apps, schema_editor):
    Synonym = apps.get_model("cms_search", "Synonym")
    if Synonym.objects.exists():
        return
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    Synonym.objects.bulk_create(
        Synonym(terms=line) for line in lines if line and not line.startswith("#")
    )


def unseed(apps, schema_editor):
    apps.get_model("cms_search", "Synonym").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cms_search", "0002_fulltext_tables")]

    operations = [migrations.RunPython(seed, unseed)]
