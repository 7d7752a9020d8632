"""The archive file: a gzip'd tar whose first member is `manifest.json`, then `data.jsonl`, then the files.

Files are stored under `media/` (MEDIA_ROOT) and `private/` (PRIVATE_MEDIA_ROOT). The manifest lists the SHA-256
of every other member; reading checks each member against it while streaming it out, so a damaged or altered
archive is refused before anything reaches the database or the media folders.
"""

import errno
import hashlib
import io
import json
import tarfile
import zlib
from pathlib import Path, PurePosixPath

FORMAT = "jigong-content-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
ROOTS = ("media", "private")
BLOCK = 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be used; the message is shown to the operator as is."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def files_under(root, skip=None):
    """(archive name suffix, path) of every regular file under root, skipping the `skip` subtree."""
    root = Path(root)
    if not root.is_dir():
        return []
    skip = Path(skip).resolve() if skip else None
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if skip and path.resolve().is_relative_to(skip):
            continue
        found.append((path.relative_to(root).as_posix(), path))
    return found


def write(out, manifest, members):
    """Write the archive; `members` is [(archive name, path)] and every name is already in the manifest."""
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        payload = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(payload)
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(payload))
        for name, path in members:
            tar.add(str(path), arcname=name, recursive=False)


def read(archive, stage):
    """Stream the archive into `stage` (a folder), checking every member; returns the manifest.

    Raises ArchiveError for anything unexpected: not a tar.gz, truncated, no manifest first, a member the
    manifest does not list (or a path escaping the stage), a checksum mismatch, a listed member missing.
    """
    try:
        with tarfile.open(archive, "r|gz") as tar:
            return _read_members(tar, Path(stage))
    except ArchiveError:
        raise
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise ArchiveError("磁盘空间不足，无法展开备份文件；请清理磁盘后重试。未做任何改动。") from exc
        raise ArchiveError(f"备份文件已损坏或不是有效的备份（{exc.__class__.__name__}：{exc}）。") from exc
    except (tarfile.TarError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as exc:
        raise ArchiveError(f"备份文件已损坏或不是有效的备份（{exc.__class__.__name__}：{exc}）。") from exc


def _read_members(tar, stage):
    manifest = None
    seen = set()
    for member in tar:
        if manifest is None:
            manifest = _read_manifest(tar, member)
            continue
        expected = manifest["checksums"].get(member.name)
        if expected is None or not member.isfile() or not _safe(member.name):
            raise ArchiveError(f"备份文件中有清单未列出的内容：{member.name}。")
        _extract(tar, member, stage / member.name, expected)
        seen.add(member.name)
    if manifest is None:
        raise ArchiveError("备份文件是空的，缺少清单 manifest.json。")
    missing = sorted(set(manifest["checksums"]) - seen)
    if missing:
        raise ArchiveError(f"备份文件不完整，缺少 {len(missing)} 个文件，例如：{missing[0]}。")
    return manifest


def _read_manifest(tar, member):
    if member.name != MANIFEST or not member.isfile():
        raise ArchiveError("备份文件的第一个成员不是清单 manifest.json，无法识别。")
    try:
        manifest = json.loads(tar.extractfile(member).read().decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"备份清单无法解析：{exc}。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("备份清单格式不对，这不是本系统生成的内容备份。")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"备份格式版本 {manifest.get('format_version')} 不受支持（当前代码支持版本 {FORMAT_VERSION}）。"
        )
    return manifest


def _safe(name):
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and (name == DATA or path.parts[0] in ROOTS)


def _extract(tar, member, target, expected):
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    source = tar.extractfile(member)
    with open(target, "wb") as handle:
        for block in iter(lambda: source.read(BLOCK), b""):
            digest.update(block)
            handle.write(block)
    if digest.hexdigest() != expected:
        raise ArchiveError(f"校验和不一致：{member.name} 已损坏或被修改，拒绝恢复。")
