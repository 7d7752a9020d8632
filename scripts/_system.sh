# Sourced by the other scripts: Debian packages the project needs (a CJK font for PDF export; Chromium for the
# browser tests, driven by Playwright through executable_path because Playwright's own download is unavailable).
# Installed with apt-get when running as root; otherwise says what to install.

# apt and dpkg hold their lock files with fcntl (POSIX) locks while another install runs; flock(1) does not see
# those, so the probe asks for the same kind of lock through Python's fcntl.lockf and releases it at once.
# Waits up to $1 seconds (default 600) for the lock to be free; returns 1, saying so, when it never is.
wait_for_package_lock() {
  local timeout="${1:-600}" lock="${DPKG_FRONTEND_LOCK:-/var/lib/dpkg/lock-frontend}" waited=0
  [ -e "$lock" ] || return 0
  until python3 -c 'import fcntl, sys
with open(sys.argv[1], "a") as f:
    try:
        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        sys.exit(1)' "$lock"; do
    if [ "$waited" -ge "$timeout" ]; then
      echo "another package install still holds $lock after ${timeout}s; try again when it has finished" >&2
      return 1
    fi
    [ "$waited" = "0" ] && echo "waiting for another package install to release $lock ..." >&2
    sleep 1
    waited=$((waited + 1))
  done
}

need=()
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
if [ "${NEED_BROWSER:-0}" = "1" ]; then [ -x /usr/bin/chromium ] || need+=(chromium); fi
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Debian packages: ${need[*]}" >&2
    # The wait covers apt-get update too (its lists lock is not under DPkg::Lock::Timeout); the timeout option
    # covers an install that starts between the wait and ours.
    if wait_for_package_lock 600; then
      apt-get -o DPkg::Lock::Timeout=600 update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}" >/dev/null
    fi
  else
    echo "missing Debian packages (PDF export and browser tests need them): sudo apt-get install ${need[*]}" >&2
  fi
fi
