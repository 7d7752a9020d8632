"""Faults a running site meets: two approvals of one adjustment at once, and the database dropping connections.

Both need a database server: SQLite has no server-side connections to kill, and its in-memory test database
serialises writers with table locks instead of row locks, so neither fault can happen the way it does in
production there.
"""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

import psycopg
import pytest
from reversion.models import Revision, Version

from catalogue.adjustments import AdjustmentError, approve, publish_edition
from catalogue.factories import AdjustmentFactory, CategoryFactory, UserFactory
from catalogue.models import Adjustment, Edition, Program
from catalogue.wagtail_hooks import adjustment_viewset
from cms.users.roles import ADMINISTRATORS, ensure_roles_after_migrate

# available_apps makes the flush after each test cascade (PostgreSQL refuses to truncate the search app's
# SQL-only index table otherwise) and skips post_migrate, so the role groups are made by the `roles` fixture.
live_database = pytest.mark.django_db(
    transaction=True, available_apps=[config.name for config in apps.get_app_configs()]
)
needs_server = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="需要 PostgreSQL：SQLite 没有服务器端连接，也没有行级锁，这类故障在 SQLite 上无从发生",
)


@pytest.fixture(autouse=True)
def roles():
    """The role groups and their permissions, as a migrate makes them (a flushed database has none)."""
    if connection.vendor == "postgresql":
        ensure_roles_after_migrate()


def _approve_in_thread(user, url, barrier, outcomes, index):
    """One administrator's browser: wait for the other, then press 批准 at the same moment."""
    try:
        client = Client()
        client.force_login(user)
        barrier.wait(timeout=30)
        response = client.post(url, {"edition_name": "2025"}, follow=True)
        texts = [str(m) for m in get_messages(response.wsgi_request)]
        outcomes[index] = (response.status_code, texts + [response.content.decode()])
    finally:
        connections.close_all()


@needs_server
@live_database
def test_two_approvals_of_one_adjustment_at_once_apply_it_once():
    """Only administrators hold catalogue.approve_adjustment (committee members propose), so two of them race."""
    CategoryFactory(code="01", name="机械类")
    first = UserFactory(username="approver-1", groups=[ADMINISTRATORS])
    second = UserFactory(username="approver-2", groups=[ADMINISTRATORS])
    proposal = AdjustmentFactory(reference="2025-RACE", targets=[("0199", "智能制造装备运维")])
    url = reverse(adjustment_viewset.get_url_name("approve"), args=[proposal.pk])
    revisions_before = Revision.objects.count()

    barrier, outcomes = threading.Barrier(2), [None, None]
    threads = [
        threading.Thread(target=_approve_in_thread, args=(user, url, barrier, outcomes, i))
        for i, user in enumerate([first, second])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(outcome and outcome[0] == 200 for outcome in outcomes), outcomes
    won = [texts for _, texts in outcomes if any("已批准动态调整 2025-RACE" in t for t in texts)]
    lost = [texts for _, texts in outcomes if texts not in won]
    assert len(won) == 1 and len(lost) == 1, outcomes
    # The loser is told why, whichever check caught it: the page's status check or approve()'s row lock.
    assert any("已批准，不能再审批" in t or "已经批准，不能重复应用" in t for t in lost[0]), lost
    # The approval waits once in the draft edition; the register changes only when that edition is published.
    proposal.refresh_from_db()
    assert proposal.status == Adjustment.Status.APPROVED and proposal.decided_by in (first, second)
    draft = Edition.objects.get(status=Edition.Status.DRAFT)
    assert list(draft.adjustments.all()) == [proposal]
    assert not Program.objects.filter(code="0199").exists()
    assert Revision.objects.count() - revisions_before == 1  # the one approval
    publish_edition(
        draft,
        UserFactory(username="publisher-admin", groups=[ADMINISTRATORS]),
        "2026",
        draft.effective_date,
        "新增专业。",
    )
    assert Program.objects.filter(code="0199").count() == 1
    assert Edition.objects.get(name="2026").programs.filter(code="0199").count() == 1
    assert Version.objects.get_for_object(Program.objects.get(code="0199")).count() == 1


def _approve_stale(adjustment, user, barrier, outcomes, index):
    """approve() with an object read before the other approval, as a page loaded earlier would hold it."""
    try:
        barrier.wait(timeout=30)
        outcomes[index] = approve([adjustment], user=user, edition_name="2025")
    except AdjustmentError as error:
        outcomes[index] = error
    finally:
        connections.close_all()


@needs_server
@live_database
def test_two_approve_calls_past_the_page_check_apply_once():
    """Both callers hold the proposal as still open, so only approve()'s row lock can stop the second one."""
    CategoryFactory(code="01", name="机械类")
    admins = [UserFactory(username=f"approver-{i}", groups=[ADMINISTRATORS]) for i in (1, 2)]
    AdjustmentFactory(reference="2025-RACE", targets=[("0199", "智能制造装备运维")])
    stale = [Adjustment.objects.get(reference="2025-RACE") for _ in admins]

    barrier, outcomes = threading.Barrier(2), [None, None]
    threads = [
        threading.Thread(target=_approve_stale, args=(stale[i], admins[i], barrier, outcomes, i))
        for i in (0, 1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    editions = [o for o in outcomes if isinstance(o, Edition)]
    errors = [o for o in outcomes if isinstance(o, AdjustmentError)]
    assert len(editions) == 1 and len(errors) == 1, outcomes
    assert str(errors[0]) == "调整 2025-RACE 已经批准，不能重复应用"
    assert Program.objects.filter(code="0199").count() == 1


def _kill_other_connections():
    """What the site sees when PostgreSQL restarts: every backend of the test database is terminated."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=True,
    ) as admin_connection:
        killed = admin_connection.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    return killed


@pytest.fixture
def gunicorn_site(tmp_path):
    """The site as production runs it: a gunicorn worker on the test database, connections kept between
    requests (DB_CONN_MAX_AGE), so a dropped connection is met by the next request, not hidden by a fresh one.
    (live_server and the test client open a new connection per request and could not show the fault.)"""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DB_CONN_MAX_AGE": "600",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_listening(server, port)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _wait_until_listening(server, port):
    for _ in range(120):
        if server.poll() is not None:
            pytest.fail("gunicorn 未能启动")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.25)
    pytest.fail("gunicorn 30 秒内没有开始监听")


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own local server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@needs_server
@live_database
def test_site_answers_after_the_database_drops_every_connection(gunicorn_site):
    CategoryFactory(code="01", name="机械类")
    url = gunicorn_site + reverse("catalogue:index")
    assert _get(url)[0] == 200
    assert _kill_other_connections() >= 1
    # The test's own connection was killed too; it is not the site's, so it is simply reopened.
    connection.close()
    status, body = _get(url)
    assert status == 200 and "机械类" in body
