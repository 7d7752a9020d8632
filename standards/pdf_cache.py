"""Rendered PDFs of published versions, kept as files, and a bound on how many renders run at once.

A render costs 1–4 s of CPU, and before this every request rendered anew (every query-string variant missed the
page cache), so a few clients could occupy every core. A published version never changes, so its PDF is rendered
once and kept under `STANDARDS_PDF_CACHE_DIR` (files rather than the cache backend: PDFs run to megabytes, above
what memcached or a locmem cache should hold, and they survive restarts). The file name carries the page, the
version number and a digest of the revision, the version's dates and `RENDER_VERSION`; bump that constant when
the layout or the font changes and the old files are simply no longer read (delete the folder to reclaim them).

Renders take one of the machine's `STANDARDS_PDF_MAX_RENDERS` slots, waiting at most
`STANDARDS_PDF_RENDER_WAIT_SECONDS`; without a slot the caller gets `RendererBusy` and answers 503, rather than
queueing an unbounded number of renders behind each other. A slot is an exclusive `flock` on one of N files beside
the cached PDFs, so the bound holds across gunicorn's worker processes and threads alike, and the kernel releases a
slot when its holder dies (no slot leaks after a crash).
"""

import fcntl
import hashlib
import os
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

RENDER_VERSION = 1

_lock = threading.Lock()
renders = 0  # renders done by this process: benchmarks and tests read it


class RendererBusy(Exception):
    pass


def slot_paths():
    """The lock files of the render slots (created on first use)."""
    folder = Path(settings.STANDARDS_PDF_CACHE_DIR) / ".render-slots"
    folder.mkdir(parents=True, exist_ok=True)
    return [folder / f"slot-{n}.lock" for n in range(settings.STANDARDS_PDF_MAX_RENDERS)]


@contextmanager
def render_slot(wait):
    """Hold a free render slot for the duration, trying every slot each 50 ms for at most `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        for path in slot_paths():
            handle = path.open("a+b")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield
            finally:
                handle.close()  # closing the file releases its lock
            return
        if time.monotonic() >= deadline:
            raise RendererBusy
        time.sleep(0.05)


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
    """The version's PDF, rendered within the machine's bound on renders and kept for every later request."""
    path = cache_path(page, version)
    cached = _read(path)
    if cached is not None:
        return cached
    with render_slot(settings.STANDARDS_PDF_RENDER_WAIT_SECONDS):
        cached = _read(path)  # rendered by another request while this one waited
        if cached is not None:
            return cached
        data = page.pdf_export(version.revision.as_object(), version)
        _count()
        _write(path, data)
        return data


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
