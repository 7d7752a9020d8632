"""Restore into a freshly migrated database, and every refusal: each leaves the database and folders untouched."""

import hashlib
import io
import json
import os
import tarfile

from django.core.management import CommandError, call_command

import pytest
from wagtail_factories import ImageFactory

from catalogue.factories import OrganisationFactory, UserFactory
from catalogue.textbooks.factories import TextbookFactory
from search.models import Synonym

from .helpers import database_snapshot, edit_manifest, file_tree, rewrite_archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_archive(media_roots, tmp_path):
    """A backup of a fresh database plus a little content; the content is then removed again, leaving the
    database as `migrate` made it (root page, default site, role groups, seeded synonyms) and empty folders."""
    textbook = TextbookFactory(title="电工基础", publisher=OrganisationFactory(name="甲出版社"))
    image = ImageFactory(title="校徽")
    user = UserFactory(username="keeper")
    synonym = Synonym.objects.create(terms="电工,电气")
    content, files = database_snapshot(), file_tree(*media_roots)
    archive = tmp_path / "small.tar.gz"
    call_command("backup_content", str(archive), stdout=io.StringIO())
    for obj in (textbook, textbook.publisher, image, user, synonym):
        obj.delete()
    for root in media_roots:
        for path in sorted(root.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    return archive, content, files


def refuse(archive, message, media_roots):
    before = database_snapshot()
    with pytest.raises(CommandError, match=message):
        call_command("restore_content", str(archive), stdout=io.StringIO())
    assert database_snapshot() == before
    assert file_tree(*media_roots) == {}


def test_restore_into_a_freshly_migrated_database_replaces_the_seeded_rows(small_archive, media_roots):
    archive, content, files = small_archive
    call_command("restore_content", str(archive), stdout=io.StringIO())
    assert database_snapshot() == content
    assert file_tree(*media_roots) == files


def test_refuses_a_database_that_holds_content(small_archive, media_roots):
    UserFactory(username="someone")
    refuse(small_archive[0], "数据库中已有内容（users.user 1 条）", media_roots)


def test_refuses_when_the_upload_folders_hold_files(small_archive, media_roots, settings):
    stray = media_roots[0] / "stray.txt"
    stray.write_text("x")
    before = database_snapshot()
    with pytest.raises(CommandError, match="中已有 1 个文件"):
        call_command("restore_content", str(small_archive[0]), stdout=io.StringIO())
    assert database_snapshot() == before and file_tree(*media_roots) == {
        "media/stray.txt": file_tree(stray.parent)["media/stray.txt"]
    }


@pytest.mark.parametrize("damage", ["truncated", "not_gzip"])
def test_refuses_a_corrupt_archive(small_archive, media_roots, tmp_path, damage):
    data = small_archive[0].read_bytes()
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"not an archive" * 100)
    refuse(broken, "备份文件已损坏或不是有效的备份", media_roots)


def test_refuses_a_file_whose_checksum_does_not_match(small_archive, media_roots, tmp_path):
    altered = tmp_path / "altered.tar.gz"
    rewrite_archive(
        small_archive[0], altered, lambda name, data: data + b"!" if name.startswith("private/") else data
    )
    refuse(altered, "校验和不一致：private/textbooks/", media_roots)


def test_refuses_an_archive_from_newer_code(small_archive, media_roots, tmp_path):
    newer = tmp_path / "newer.tar.gz"
    rewrite_archive(
        small_archive[0], newer, edit_manifest(lambda m: m["migrations"]["catalogue"].append("9999_future"))
    )
    refuse(newer, "备份的迁移状态比当前代码新：迁移 catalogue.9999_future", media_roots)


def test_refuses_a_file_the_manifest_does_not_list(small_archive, media_roots, tmp_path):
    extra = tmp_path / "extra.tar.gz"
    rewrite_archive(small_archive[0], extra, edit_manifest(lambda m: m["checksums"].pop("data.jsonl")))
    refuse(extra, "备份文件中有清单未列出的内容：data.jsonl", media_roots)


def test_an_error_while_loading_rolls_everything_back(small_archive, media_roots, tmp_path):
    """A row pointing at a missing organisation is only found after every row is in: the seeded rows deleted
    and the rows loaded so far come back as they were, and no file is placed."""
    orphan = {
        "model": "users.user",
        "pk": 999,
        "fields": {"username": "orphan", "password": "", "organisation": 424242},
    }

    def change(name, data):
        if name == "data.jsonl":
            return data + json.dumps(orphan).encode() + b"\n"
        return data

    bad_data = tmp_path / "bad-data.tar.gz"
    rewrite_archive(small_archive[0], bad_data, change)
    rewritten = tmp_path / "bad.tar.gz"

    def fix_manifest(manifest):
        with tarfile.open(bad_data, "r:gz") as tar:
            manifest["checksums"]["data.jsonl"] = hashlib.sha256(
                tar.extractfile("data.jsonl").read()
            ).hexdigest()
        manifest["counts"]["users.user"] += 1

    rewrite_archive(bad_data, rewritten, edit_manifest(fix_manifest))
    refuse(rewritten, "备份数据不一致", media_roots)


def test_backup_does_not_overwrite_an_existing_file(tmp_path):
    out = tmp_path / "exists.tar.gz"
    out.write_bytes(b"keep")
    with pytest.raises(CommandError, match="已存在"):
        call_command("backup_content", str(out), stdout=io.StringIO())
    assert out.read_bytes() == b"keep"


def test_refuses_a_missing_archive(tmp_path, media_roots):
    refuse(tmp_path / "nope.tar.gz", "找不到备份文件", media_roots)


def test_a_backup_archive_is_readable_by_its_owner_only(small_archive):
    archive = small_archive[0]
    assert archive.stat().st_mode & 0o777 == 0o600


def test_restore_exits_non_zero_when_the_search_index_cannot_be_rebuilt(small_archive, media_roots, settings):
    archive, content, _ = small_archive
    # A real Elasticsearch client against a port where nothing listens: the rebuild fails as in production.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.SEARCH_ENGINE = "search.engines.elastic.ElasticsearchEngine"
    with pytest.raises(CommandError) as error:
        call_command("restore_content", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    message = str(error.value)
    assert "内容已恢复" in message and "检索索引重建失败" in message and "search_rebuild" in message
    assert database_snapshot() == content  # the content itself is restored


def test_a_restore_removes_the_staging_folder_a_killed_restore_left_behind(
    small_archive, media_roots, settings
):
    from pathlib import Path

    parent = Path(settings.MEDIA_ROOT).parent
    abandoned = parent / ".restore-999999999-abc"  # no process has this id
    (abandoned / "data").mkdir(parents=True)
    (abandoned / "data" / "rows.jsonl").write_text('{"model": "users.user"}', encoding="utf-8")
    call_command("restore_content", str(small_archive[0]), stdout=io.StringIO())
    assert not abandoned.exists()
    assert not list(parent.glob(".restore-*"))


def test_a_restore_stopped_with_sigterm_while_staging_removes_its_folder_and_writes_nothing(
    small_archive, media_roots, settings, monkeypatch
):
    """A real SIGTERM, sent by the restore to itself once the archive is staged (the moment a service manager's
    stop would hurt most): the default action would kill it there and leave rows and private files behind."""
    import signal
    from pathlib import Path

    from cms.operations import restore

    staged = []
    real_read = restore._read

    def read_then_get_stopped(archive_path, stage):
        manifest = real_read(archive_path, stage)
        staged.append(sorted(path.name for path in stage.iterdir()))
        os.kill(os.getpid(), signal.SIGTERM)
        return manifest

    monkeypatch.setattr(restore, "_read", read_then_get_stopped)
    before, handler = database_snapshot(), signal.getsignal(signal.SIGTERM)
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("restore_content", str(small_archive[0]), stdout=io.StringIO(), stderr=stderr)
    assert stopped.value.code == 128 + signal.SIGTERM and staged and staged[0]  # it had staged files
    assert "恢复被终止（SIGTERM）" in stderr.getvalue()
    assert not list(Path(settings.MEDIA_ROOT).parent.glob(".restore-*"))
    assert database_snapshot() == before
    assert signal.getsignal(signal.SIGTERM) is handler  # the command puts the previous handler back


@pytest.mark.skipif(os.geteuid() != 0, reason="需要 root 才能挂载一个很小的 tmpfs 来制造真实的磁盘已满")
def test_a_full_disk_while_backing_up_says_so_and_leaves_no_partial_file(tmp_path, media_roots):
    import subprocess

    from catalogue.textbooks.factories import TextbookFactory

    TextbookFactory(title="磁盘已满测试教材")
    full = tmp_path / "full"
    full.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(full)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"无法挂载 tmpfs：{mounted.stderr.decode().strip()}")
    try:
        with pytest.raises(CommandError, match="磁盘空间不足，无法写出备份"):
            call_command("backup_content", str(full / "backup.tar.gz"), stdout=io.StringIO())
        assert list(full.iterdir()) == []
    finally:
        subprocess.run(["umount", str(full)], check=True)
