"""Rendered PDFs of published versions, kept as files, and a bound on how many renders run at once.

A render costs 1–4 s of CPU, and before this every request rendered anew (every query-string variant missed the
page cache), so a few clients could occupy every core. A published version never changes, so its PDF is rendered
once and kept under `STANDARDS_PDF_CACHE_DIR` (files rather than the cache backend: PDFs run to megabytes, above
what memcached or a locmem cache should hold, and they survive restarts). The file name carries the page, the
version number and a digest of the revision, the version's dates and `RENDER_VERSION`; bump that constant when
the layout or the font changes and the old files are simply no longer read (delete the folder to reclaim them).

Renders take a slot of a process-wide semaphore (`STANDARDS_PDF_MAX_RENDERS` per process, waiting at most
`STANDARDS_PDF_RENDER_WAIT_SECONDS`); without a slot the caller gets `RendererBusy` and answers 503, rather than
queueing an unbounded number of renders behind each other.
"""

import hashlib
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings

RENDER_VERSION = 1

_lock = threading.Lock()
_slots = None
renders = 0  # renders done by this process: benchmarks and tests read it


class RendererBusy(Exception):
    pass


def render_slots():
    """The process's semaphore, sized from the settings on first use."""
    global _slots
    with _lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(settings.STANDARDS_PDF_MAX_RENDERS)
        return _slots


def cache_path(page, version):
    key = "|".join(
        str(part)
        for part in (
            RENDER_VERSION,
            version.revision_id,
            version.revision.created_at.isoformat(),
            version.effective_date,
            version.published_at.isoformat(),
        )
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:20]
    return Path(settings.STANDARDS_PDF_CACHE_DIR) / str(page.pk) / f"{version.number}-{digest}.pdf"


def pdf_bytes(page, version):
    """The version's PDF, rendered at most once per process at a time and kept for every later request."""
    path = cache_path(page, version)
    cached = _read(path)
    if cached is not None:
        return cached
    slots = render_slots()
    if not slots.acquire(timeout=settings.STANDARDS_PDF_RENDER_WAIT_SECONDS):
        raise RendererBusy
    try:
        cached = _read(path)  # rendered by another request while this one waited
        if cached is not None:
            return cached
        data = page.pdf_export(version.revision.as_object(), version)
        _count()
        _write(path, data)
        return data
    finally:
        slots.release()


def _count():
    global renders
    with _lock:
        renders += 1


def _read(path):
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _write(path, data):
    """Write beside the target and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
