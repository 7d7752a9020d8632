"""Browser fixtures for the end-to-end journeys: one Chromium per session, one context per role, failure artefacts.

The journeys run against pytest-django's `live_server` in Debian's chromium through Playwright (Playwright's own
browser download is not used). They are skipped, saying why, only when Playwright or chromium is missing.

Robustness under load (2 cores, the suite on xdist): every check is an auto-waiting `expect(...)`, every click
that navigates is followed by a URL wait, and the timeouts are generous. On failure, `pytest_runtest_makereport`
saves a full-page screenshot and the HTML of every page still open into `test-artifacts/e2e/<test name>/`.
"""

import json
import os
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections
from django.db.models.signals import post_migrate
from django.test import Client

from wagtail.models import Locale

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "e2e"
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium hangs on the refused connections of a machine without internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000
SNAPSHOT_RECEIVER = "e2e-restore-snapshot-after-flush"
SNAPSHOTS = {}  # database alias → the migrated database, serialized when the test databases were set up


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session; each test gets fresh contexts (cookies, storage) from `pages`."""
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    expect.set_options(timeout=TIMEOUT_MS)
    # Playwright's sync API keeps an asyncio loop marked as running in this thread for as long as it is started,
    # which makes Django refuse ORM calls here (SynchronousOnlyOperation) in this and any later test.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module", autouse=True)
def snapshot_restores_cleanly():
    """Let serialized_rollback put back the migrated database even after an earlier test's flush.

    With available_apps, Django sends post_migrate just before restoring the snapshot. On a flushed database its
    receivers create content types, permissions and role groups under new ids, which the snapshot's rows then
    collide with by name; and saving the snapshot's pages looks up content types before the snapshot's own are
    in. So a receiver restores the snapshot first, content types first; Django's own restore then only
    overwrites rows in place, as it does for a test that starts on an unflushed database.
    Module scope, so it is connected before the test's database is set up. The snapshot is also kept here: once
    Playwright's event loop runs, the main thread can be handed a new connection object without it.
    """
    for connection in connections.all():
        snapshot = getattr(connection, "_test_serialized_contents", None)
        if snapshot is not None:
            SNAPSHOTS.setdefault(connection.alias, snapshot)
        elif connection.alias in SNAPSHOTS:
            connection._test_serialized_contents = SNAPSHOTS[connection.alias]
    post_migrate.connect(_restore_snapshot_after_flush, dispatch_uid=SNAPSHOT_RECEIVER)
    yield
    post_migrate.disconnect(dispatch_uid=SNAPSHOT_RECEIVER)


def _restore_snapshot_after_flush(using="default", **kwargs):
    connection = connections[using]
    snapshot = SNAPSHOTS.get(using)
    if snapshot is None or Locale.objects.using(using).exists():
        return  # nothing to restore, or not flushed (the rows are the snapshot's own)
    Group.objects.using(using).all().delete()
    Permission.objects.using(using).all().delete()
    ContentType.objects.using(using).all().delete()
    ContentType.objects.clear_cache()
    rows = json.loads(snapshot)
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
    connection.creation.deserialize_db_from_string(json.dumps(rows))


class Pages:
    """Opens a browser page per person: anonymous, or logged in as a user by a session cookie.

    Logging in through the form would only test the login page again (and trip the login throttling); the
    session comes from Django's own `force_login`, so the browser is exactly as logged in as after the form.
    """

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []

    def open(self, user=None):
        context = self.browser.new_context(
            base_url=self.base_url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": self.base_url}]
            )
        self.contexts.append(context)
        return context.new_page()

    def open_pages(self):
        return [page for context in self.contexts for page in context.pages if not page.is_closed()]

    def close(self):
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.fixture
def pages(browser, live_server):
    """`pages.open(user)` → a page with `base_url` set to the live server, so `page.goto("/textbooks/")` works.

    The cache is emptied first: a public page cached by an earlier test in this process would show its data.
    """
    cache.clear()
    opened = Pages(browser, live_server.url)
    yield opened
    opened.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failed test, keep what each open page showed: `<n>.png` (full page) and `<n>.html`, plus its URL."""
    report = yield
    opened = getattr(item, "funcargs", {}).get("pages")
    if report.failed and report.when in ("setup", "call") and isinstance(opened, Pages):
        saved = save_artifacts(item.name, opened.open_pages())
        if saved:
            report.sections.append(("e2e artefacts", "\n".join(str(path) for path in saved)))
    return report


def save_artifacts(test_name, open_pages):
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", test_name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    saved = []
    for number, page in enumerate(open_pages, start=1):
        stem = folder / f"{number}"
        try:
            page.screenshot(path=f"{stem}.png", full_page=True, timeout=TIMEOUT_MS)
            saved.append(Path(f"{stem}.png"))
        except Exception as error:  # a crashed page must not hide the test's own failure
            Path(f"{stem}.screenshot-error.txt").write_text(repr(error), encoding="utf-8")
        try:
            Path(f"{stem}.html").write_text(f"<!-- {page.url} -->\n{page.content()}", encoding="utf-8")
            saved.append(Path(f"{stem}.html"))
        except Exception as error:
            Path(f"{stem}.html-error.txt").write_text(repr(error), encoding="utf-8")
    return saved
