#!/usr/bin/env bash
# Set up the test environment and run every check and the whole test suite (SQLite unless DATABASE_URL is set).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_system.sh
source scripts/_venv.sh test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
DJANGO_SETTINGS_MODULE=cms.settings.test .venv/bin/python manage.py check
DJANGO_SETTINGS_MODULE=cms.settings.test .venv/bin/python manage.py makemigrations --check --dry-run
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" "$@"
