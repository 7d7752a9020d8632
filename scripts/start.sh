#!/usr/bin/env bash
# Set everything up on SQLite, load the demo data, print the logins and run the site on $HOST:$PORT
# (default 0.0.0.0:8000, i.e. every interface; the address printed is the one to open in a browser).

# The address people open: the wildcard host 0.0.0.0 is reached through localhost.
site_url() {
  local host="${HOST:-0.0.0.0}"
  [ "$host" = "0.0.0.0" ] && host=localhost
  echo "http://${host}:${PORT:-8000}/"
}

main() {
  set -euo pipefail
  cd "$(dirname "$0")/.."
  source scripts/_system.sh
  source scripts/_venv.sh
  export DJANGO_SETTINGS_MODULE=cms.settings.dev
  .venv/bin/python manage.py migrate --noinput -v0
  .venv/bin/python manage.py setup_demo --url "$(site_url)"
  echo "serving on ${HOST:-0.0.0.0}:${PORT:-8000}; open $(site_url)"
  exec .venv/bin/python manage.py runserver "${HOST:-0.0.0.0}:${PORT:-8000}"
}

# Sourced (by the tests) it only defines the functions.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
