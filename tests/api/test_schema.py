"""The schema and the docs page the site serves."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_schema_lists_every_operation_with_chinese_errors(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert len(schema["paths"]) == 15
    for path, item in schema["paths"].items():
        responses = item["get"]["responses"]
        assert "422" in responses or path in ("/api/v1/", "/api/v1/categories", "/api/v1/editions"), path
        assert "post" not in item and "delete" not in item


def test_docs_page_uses_local_assets_and_no_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/ninja/") for s in sources)
    scripts = re.findall(r"<script([^>]*)>", html)
    # Only the JSON settings block is inline, and browsers do not execute it.
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
