"""An id that is not a number answers 404 in Chinese, never 500; a server error has a Chinese page of its own."""

from django.test import Client
from django.urls import get_resolver
from django.urls.resolvers import URLResolver

import pytest

from catalogue.factories import UserFactory
from cms.users.roles import ADMINISTRATORS, PUBLISHERS

pytestmark = pytest.mark.django_db


def admin_addresses(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from admin_addresses(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def with_bad_ids(address):
    import re

    return "/" + re.sub(r"<[^>]+>", "abc", address).replace("^", "").replace("$", "")


@pytest.mark.parametrize("role", [ADMINISTRATORS, PUBLISHERS])
def test_no_admin_address_with_a_non_numeric_id_answers_500(role):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(groups=[role], is_superuser=role == ADMINISTRATORS))
    addresses = [a for a in admin_addresses() if a.startswith("admin/") and "<" in a]
    assert len(addresses) > 100  # every generic view of every viewset, not a sample
    failures = [(a, status) for a in addresses if (status := client.get(with_bad_ids(a)).status_code) >= 500]
    assert failures == []


def test_a_chooser_given_a_non_numeric_id_says_404(client):
    client.force_login(UserFactory(groups=[ADMINISTRATORS], is_superuser=True))
    response = client.get("/admin/snippets/choose/textbooks/textbook/chosen/abc/")
    assert response.status_code == 404


def test_a_form_posting_a_non_numeric_id_is_not_a_server_error():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(groups=[PUBLISHERS]))
    response = client.post("/admin/textbook-review/inbox/", {"id": "abc"})
    assert response.status_code in (302, 404)


def test_the_server_error_page_is_in_chinese_and_needs_no_database(settings):
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "服务器出错了（500）" in html and 'lang="zh-hans"' in html
