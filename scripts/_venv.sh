# Sourced by the other scripts: make .venv exist and hold the project installed with the given extra.
# Usage: source scripts/_venv.sh [extra]
set -euo pipefail
extra="${1:-}"
python="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
  if ! "$python" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "python3-venv is missing; installing it with apt-get" >&2
      # Another install may hold the package manager's lock: wait for it (scripts/_system.sh) rather than fail.
      if declare -F wait_for_package_lock >/dev/null; then wait_for_package_lock 600; fi
      apt-get -o DPkg::Lock::Timeout=600 update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq python3-venv >/dev/null
      "$python" -m venv .venv
    else
      echo "Cannot create a virtual environment: install python3-venv (sudo apt-get install python3-venv)." >&2
      exit 1
    fi
  fi
fi

target="."
[ -n "$extra" ] && target=".[$extra]"
stamp=".venv/.installed-${extra:-base}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e "$target"
  touch "$stamp"
fi
