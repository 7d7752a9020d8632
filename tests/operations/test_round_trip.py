"""A backup restored into an emptied server gives back every row, every file, old editions, old versions and search."""

import io
import json
import shutil
import tarfile

from django.core.management import call_command

import pytest

from catalogue.models import Edition, Program
from catalogue.versioning import programs_as_of
from search.service import Search

from .helpers import database_snapshot, empty_database, file_tree

pytestmark = pytest.mark.django_db


def as_of(edition):
    return {
        code: {**{k: v for k, v in row.items() if k != "program"}, "pk": row["program"].pk}
        for code, row in programs_as_of(edition).items()
    }


def found(word):
    return [(hit.doc.doc_type, hit.doc.key) for hit in Search(word).execute(page=1, per_page=100).hits]


def test_backup_then_restore_into_an_emptied_server_loses_nothing(
    rich_content, media_roots, tmp_path, client
):
    standard = rich_content["standard"]
    old_edition = Edition.objects.order_by("pk").first()
    before = database_snapshot()
    files = file_tree(*media_roots)
    old_catalogue = as_of(old_edition)
    old_page = client.get(standard.url + "v/1-0/").content.decode()
    hits = found("焊接")
    assert "这不是现行版本" in old_page and "修订后的教学建议" not in old_page
    assert any(name.startswith("private/textbooks/") for name in files) and any(
        n.startswith("media/") for n in files
    )
    assert hits and old_catalogue != as_of(Edition.objects.order_by("-pk").first())

    archive = tmp_path / "backups" / "content.tar.gz"
    call_command("backup_content", str(archive), stdout=io.StringIO())
    empty_database()
    for root in media_roots:
        shutil.rmtree(root)
    assert not Program.objects.exists() and found("焊接") == []

    output = io.StringIO()
    call_command("restore_content", str(archive), stdout=output)

    assert "恢复完成" in output.getvalue()
    assert database_snapshot() == before
    assert file_tree(*media_roots) == files
    assert as_of(Edition.objects.get(pk=old_edition.pk)) == old_catalogue
    assert client.get(standard.url + "v/1-0/").content.decode() == old_page
    assert found("焊接") == hits


def test_manifest_lists_format_migrations_counts_and_every_file(rich_content, media_roots, tmp_path):
    archive = tmp_path / "content.tar.gz"
    call_command("backup_content", str(archive), stdout=io.StringIO())
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[0] == "manifest.json"
    assert manifest["format_version"] == 1 and manifest["created_at"]
    assert "0001_initial" in manifest["migrations"]["catalogue"]
    assert manifest["counts"]["catalogue.program"] == Program.objects.count()
    assert manifest["counts"]["textbooks.reviewscore"] > 0
    assert (
        "contenttypes.contenttype" not in manifest["counts"]
        and "cms_search.searchdocument" not in manifest["counts"]
    )
    files = file_tree(*media_roots)
    assert {name for name in manifest["checksums"] if name != "data.jsonl"} == set(files)
    assert all(manifest["checksums"][name] == digest for name, digest in files.items())
