"""Protections a user never sees until they matter: login throttling, CSRF and the content security policy."""

from django.test import Client

import pytest

from catalogue.factories import UserFactory
from cms.users.roles import ADMINISTRATORS

pytestmark = pytest.mark.django_db


def attempt(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_five_failed_logins_lock_the_account_for_that_address(client, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="editor", groups=[ADMINISTRATORS])
    for _ in range(4):
        assert attempt(client, "editor", "wrong").status_code == 200
    locked = attempt(client, "editor", "wrong")
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    still_locked = attempt(client, "editor", "pass-for-tests")
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_password_before_the_limit_logs_in(client, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="editor", groups=[ADMINISTRATORS])
    for _ in range(3):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", "pass-for-tests").status_code == 302
    assert client.session["_auth_user_id"]


PROXY = "10.0.0.2"  # nginx, as gunicorn sees it


def attempt_via_proxy(client, username, password, forwarded_for):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_failures_lock_the_attackers_address_only(client, settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="editor", groups=[ADMINISTRATORS])
    # The attacker forges the left part of the header; nginx appends the address it really saw.
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"):
        last = attempt_via_proxy(client, "editor", "wrong", f"{forged}, 203.0.113.5")
    assert last.status_code == 429
    assert attempt_via_proxy(Client(), "editor", "pass-for-tests", "203.0.113.5").status_code == 429
    colleague = Client()
    assert attempt_via_proxy(colleague, "editor", "pass-for-tests", "198.51.100.7").status_code == 302
    assert colleague.session["_auth_user_id"]


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(client, settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="editor", groups=[ADMINISTRATORS])
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"):
        last = attempt_via_proxy(client, "editor", "wrong", forged)
    assert last.status_code == 429  # every attempt counted against the real address
    assert attempt_via_proxy(Client(), "editor", "pass-for-tests", "198.51.100.7").status_code == 429


def test_forms_refuse_posts_without_a_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 403


def test_public_pages_allow_only_our_own_and_nonced_scripts(client):
    response = client.get("/catalogue/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline' 'unsafe-eval'" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert client.get("/catalogue/")["Content-Security-Policy"] != policy  # a fresh nonce per response


def test_admin_keeps_wagtails_inline_scripts_working(client):
    client.force_login(UserFactory(groups=[ADMINISTRATORS]))
    policy = client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline' 'unsafe-eval'" in policy
    # Only scripts and images are relaxed; a nonce would make browsers ignore 'unsafe-inline'.
    assert "'nonce-" not in policy and "img-src 'self' data: blob:" in policy
    assert (
        "object-src 'none'" in policy and "frame-ancestors 'self'" in policy and "base-uri 'self'" in policy
    )


def test_the_search_pages_inline_script_carries_the_nonce(client):
    response = client.get("/search/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()
