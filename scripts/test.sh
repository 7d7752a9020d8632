#!/usr/bin/env bash
# Set up the test environment and run every check and the whole test suite (SQLite unless DATABASE_URL is set).
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_BROWSER=1 source scripts/_system.sh
source scripts/_venv.sh test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
DJANGO_SETTINGS_MODULE=cms.settings.test .venv/bin/python manage.py check
DJANGO_SETTINGS_MODULE=cms.settings.test .venv/bin/python manage.py makemigrations --check --dry-run
if [ "$#" -gt 0 ]; then
  exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" "$@"
fi
# The suite runs on the embedded engine (ELASTICSEARCH_URL would switch every test to Elasticsearch); the live
# Elasticsearch tier runs after it, against a real node.
env -u ELASTICSEARCH_URL .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" --ignore=tests/e2e
source scripts/_elasticsearch_tier.sh
# The browser journeys run in a process of their own: Playwright's event loop in the test thread changes which
# database connection Django's thread-local hands out, which breaks later transactional tests in that process.
exec env -u ELASTICSEARCH_URL .venv/bin/python -m pytest -p no:xdist tests/e2e
