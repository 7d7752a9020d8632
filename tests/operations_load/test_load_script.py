"""The load test as CI runs it: `scripts/load_test.py --quick` in a subprocess, against a real gunicorn server."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "load_test.py"
KINDS = {"search", "search_api", "textbook_list", "textbook", "catalogue", "program"}


def run_script(*args):
    # The bound only stops a hung server from hanging the suite; nothing is asserted about speed.
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=900, check=False
    )


def test_the_quick_load_test_serves_the_whole_mix_without_errors(tmp_path):
    report = tmp_path / "load.json"
    done = run_script("--quick", "--json", str(report))
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["errors"] == 0
    assert set(result["load"]["by_kind"]) == KINDS
    assert result["load"]["requests"] == sum(kind["n"] for kind in result["load"]["by_kind"].values()) > 0
    assert result["load"]["overall"]["hit_rate"] > 0  # repeat visits came from the page cache
    assert "目标：无错误，且比值 ≤ 3" in done.stdout


def test_bad_arguments_are_refused_in_chinese_before_anything_starts(tmp_path):
    done = run_script("--clients", "0")
    assert done.returncode == 2 and "--clients 必须是正整数" in done.stderr
    done = run_script("--data", str(tmp_path))
    assert done.returncode == 2 and "没有 programs.csv" in done.stderr
