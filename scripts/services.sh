#!/usr/bin/env bash
# Make the servers the PostgreSQL test run needs answer on loopback: PostgreSQL on 127.0.0.1:5432 (trust auth for
# local connections, as the test settings expect) and Redis on 127.0.0.1:6379 (the shared page-cache test).
# A new machine has neither running, and may have neither installed: as root this installs them with apt-get and
# starts them; otherwise it says what is missing. Usage: bash scripts/services.sh
set -euo pipefail

as_root() { [ "$(id -u)" = "0" ]; }

apt_install() {
  if ! as_root || ! command -v apt-get >/dev/null; then
    echo "missing: $* (install them with: sudo apt-get install $*)" >&2
    return 1
  fi
  echo "installing Debian packages: $*" >&2
  # Another installer may hold dpkg's lock for a while on a new machine: wait for it instead of failing.
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$@" >/dev/null
}

start_postgresql() {
  pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && return 0
  command -v pg_ctlcluster >/dev/null || apt_install postgresql postgresql-contrib
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    pg_createcluster "$version" main >/dev/null
  fi
  local conf="/etc/postgresql/$version/main"
  # Trust for loopback only: the tests connect as postgres without a password; nothing else can reach it.
  if ! grep -q "^host all all 127.0.0.1/32 trust" "$conf/pg_hba.conf"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$conf/pg_hba.conf"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
    || pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
  echo "PostgreSQL did not answer on 127.0.0.1:5432" >&2
  return 1
}

start_redis() {
  if command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    return 0
  fi
  command -v redis-server >/dev/null || apt_install redis-server
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no >/dev/null
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0; sleep 1; done
  echo "Redis did not answer on 127.0.0.1:6379" >&2
  return 1
}

start_postgresql
start_redis
echo "PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 are up"
