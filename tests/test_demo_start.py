"""scripts/start.sh: the address it prints follows HOST and PORT, and a held package lock is waited for."""

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Holds the file with the kind of lock apt and dpkg take (fcntl/POSIX), prints "held", releases on stdin's end.
HOLD_LOCK = """
import fcntl, sys
with open(sys.argv[1], "a") as f:
    fcntl.lockf(f, fcntl.LOCK_EX)
    print("held", flush=True)
    sys.stdin.read()
"""


def bash(script, **env):
    return subprocess.run(
        ["bash", "-c", script],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_start_prints_the_address_of_host_and_port():
    url = "source scripts/start.sh && site_url"
    assert bash(url, HOST="127.0.0.1", PORT="8123").stdout.strip() == "http://127.0.0.1:8123/"
    assert bash(url, HOST="0.0.0.0", PORT="9000").stdout.strip() == "http://localhost:9000/"
    defaults = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT")}
    result = subprocess.run(
        ["bash", "-c", url], cwd=REPO, env=defaults, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "http://localhost:8000/"


FUNCTION = "source <(sed -n '/^wait_for_package_lock()/,/^}/p' scripts/_system.sh)"


def wait_for_lock(lock, timeout):
    # Only the function: sourcing the whole _system.sh could start an apt-get install on this machine.
    return bash(f"{FUNCTION} && wait_for_package_lock {timeout}", DPKG_FRONTEND_LOCK=str(lock))


def hold(lock):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_the_package_lock_is_waited_for_until_released(tmp_path):
    lock = tmp_path / "lock-frontend"
    lock.touch()
    holder = hold(lock)
    waiter = subprocess.Popen(
        ["bash", "-c", f"{FUNCTION} && wait_for_package_lock 30"],
        cwd=REPO,
        env={**os.environ, "DPKG_FRONTEND_LOCK": str(lock)},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(2)
        assert waiter.poll() is None  # still waiting while the lock is held
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert waiter.wait(timeout=20) == 0
    assert "waiting for another package install" in waiter.stderr.read()


def test_a_lock_held_too_long_fails_with_a_message(tmp_path):
    lock = tmp_path / "lock-frontend"
    lock.touch()
    holder = hold(lock)
    try:
        result = wait_for_lock(lock, 2)
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert result.returncode == 1
    assert "still holds" in result.stderr


def test_a_free_lock_is_not_waited_for(tmp_path):
    lock = tmp_path / "lock-frontend"
    lock.touch()
    started = time.monotonic()
    assert wait_for_lock(lock, 30).returncode == 0
    assert time.monotonic() - started < 5
