#!/usr/bin/env bash
# Set everything up on SQLite, load the demo data, print the logins and run the site on port 8000.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_system.sh
source scripts/_venv.sh
export DJANGO_SETTINGS_MODULE=cms.settings.dev
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py setup_demo
exec .venv/bin/python manage.py runserver "${HOST:-0.0.0.0}:${PORT:-8000}"
