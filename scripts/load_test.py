#!/usr/bin/env python
"""Load test of the public site on loopback, with production settings and a real multi-process WSGI server.

    .venv/bin/python scripts/load_test.py [--quick] [--clients N | --rate R] [--requests N] [--seconds S] [--json FILE]

Prepares a throwaway SQLite database in a temp folder (migrate, the shared data through the import commands,
`setup_demo`), serves it with gunicorn (DEBUG off, whitenoise static, page cache shared through a file cache),
measures idle search latency one request at a time, then drives the public mix with N keep-alive clients.
Exits 1 on any error (non-2xx or exception), 2 when the site cannot be prepared or started. See LOAD_TEST.md.
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from loadtest.traffic import Budget, Client, Mix, SiteData, is_error, percentile, run_load, run_open  # noqa: E402

HOST = "127.0.0.1"
SEARCH_KINDS = ("search", "search_api")


def parse_args(argv):
    parser = argparse.ArgumentParser(description="公共站点负载测试（本机回环，生产配置，gunicorn 多进程）。")
    parser.add_argument("--quick", action="store_true", help="CI 用：少量教材、数百个请求、负载阶段 60 秒内")
    parser.add_argument("--clients", type=int, help="并发客户端数（默认 8，--quick 为 4）")
    parser.add_argument(
        "--rate",
        type=float,
        help="开环：按此到达率（请求/秒，泊松到达）发请求，延迟自计划到达时刻算起；不设则为闭环（客户端连发）",
    )
    parser.add_argument("--requests", type=int, help="负载阶段请求总数上限（默认 4000，--quick 为 300）")
    parser.add_argument("--seconds", type=float, help="负载阶段时长上限（默认 180 秒，--quick 为 45 秒）")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn 进程数（默认 = CPU 核数）"
    )
    parser.add_argument("--threads", type=int, default=4, help="每个 gunicorn 进程的线程数（默认 4）")
    parser.add_argument("--textbooks", type=int, help="导入的教材条数（默认全部 1,500，--quick 为 200）")
    parser.add_argument("--no-page-cache", action="store_true", help="关闭公共页面缓存，测量未缓存时的表现")
    parser.add_argument("--cache-url", help="页面缓存 CACHE_URL（默认临时目录中的文件缓存，可用 redis://…）")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data", help="共享数据目录")
    parser.add_argument("--json", type=Path, help="另将结果写入此 JSON 文件")
    parser.add_argument("--keep", action="store_true", help="保留临时目录（数据库、服务器日志）")
    args = parser.parse_args(argv)
    defaults = {"clients": (8, 4), "requests": (4000, 300), "seconds": (180.0, 45.0)}
    for name, (full, quick) in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)
    if args.textbooks is None and args.quick:
        args.textbooks = 200
    for name in ("clients", "requests", "workers", "threads", "seconds", "textbooks", "rate"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser.error(f"--{name} 必须是正整数。")
    if not (args.data / "programs.csv").is_file():
        parser.error(f"共享数据目录 {args.data} 中没有 programs.csv，请用 --data 指定。")
    return args


def server_env(tmp, args):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ELASTICSEARCH_URL", "CACHE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS=f"{HOST},localhost",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp / "private"),
        CACHE_URL=args.cache_url or f"file://{tmp / 'cache'}",
        PUBLIC_CACHE="0" if args.no_page_cache else "1",
        PYTHONPATH=str(REPO),
    )
    return env


def textbook_sample(args, tmp):
    source = args.data / "textbooks.csv"
    if args.textbooks is None:
        return source
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    sample = tmp / "textbooks-sample.csv"
    sample.write_text("".join(lines[: args.textbooks + 1]), encoding="utf-8")
    return sample


def prepare(env, args, textbooks_csv):
    print("准备数据库（迁移、导入共享数据、演示页面）：", flush=True)
    command = [sys.executable, str(HERE / "loadtest" / "prepare.py"), str(args.data), str(textbooks_csv)]
    if subprocess.run(command, env=env, cwd=REPO).returncode != 0:
        sys.exit("准备失败：迁移或导入命令出错（见上方输出）。")


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(env, args, port, log_path):
    command = [
        sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"{HOST}:{port}",
        "--workers", str(args.workers), "--threads", str(args.threads), "--worker-class", "gthread",
        "--keep-alive", "30", "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    log = open(log_path, "w")  # noqa: SIM115 - the server writes to it until it stops
    return subprocess.Popen(command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)


def wait_until_up(server, port, log_path, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        result = Client(HOST, port).get("home", "/")
        if result.status == 200:
            return
        time.sleep(0.5)
    tail = log_path.read_text(errors="replace")[-3000:]
    sys.exit(f"服务器未能在 {timeout} 秒内启动并响应首页。服务器日志末尾：\n{tail}")


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def idle_search(port, data):
    """Sequential, nothing else running: each development query cold (empty cache), then again warm, then a
    sample of the load's own search requests, which is the baseline the load is compared with."""
    client = Client(HOST, port)
    queries = list(dict.fromkeys(data.queries))
    cold = [client.get("search", Mix(data, 0)._query("/search/", {"q": q})) for q in queries]
    warm = [client.get("search", Mix(data, 0)._query("/search/", {"q": q})) for q in queries]
    mix, sample = Mix(data, 10_000), []
    while len(sample) < 60:
        kind, path = mix.next()
        if kind in SEARCH_KINDS:
            sample.append(client.get(kind, path))
    client.close()
    return {"cold": cold, "warm": warm, "mix": sample}


def summarise(results):
    if not results:
        return {"n": 0, "errors": 0, "hit_rate": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None}
    ms = [r.seconds * 1000 for r in results]
    hits = sum(1 for r in results if r.cache == "hit")
    return {
        "n": len(results),
        "errors": sum(1 for r in results if is_error(r)),
        "hit_rate": round(hits / len(results), 3),
        "p50_ms": round(percentile(ms, 0.50), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
    }


def machine():
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    return {
        "cpu": model or platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(terse=True),
    }


def figures(args, idle, load, wall):
    by_kind = {}
    for result in load:
        by_kind.setdefault(result.kind, []).append(result)
    search_load = [r for r in load if r.kind in SEARCH_KINDS]
    idle_p95 = summarise(idle["mix"])["p95_ms"]
    load_p95 = summarise(search_load)["p95_ms"]
    return {
        "machine": machine(),
        "settings": {
            k: getattr(args, k)
            for k in (
                "quick",
                "clients",
                "rate",
                "requests",
                "seconds",
                "workers",
                "threads",
                "textbooks",
                "no_page_cache",
                "cache_url",
            )
        },
        "idle_search": {name: summarise(results) for name, results in idle.items()},
        "load": {
            "requests": len(load),
            "seconds": round(wall, 2),
            "throughput_rps": round(len(load) / wall, 1) if wall else 0,
            "overall": summarise(load),
            "search": summarise(search_load),
            "search_hits": summarise([r for r in search_load if r.cache == "hit"]),
            "search_misses": summarise([r for r in search_load if r.cache != "hit"]),
            "by_kind": {kind: summarise(results) for kind, results in sorted(by_kind.items())},
        },
        "errors": sum(1 for r in [*load, *idle["cold"], *idle["warm"], *idle["mix"]] if is_error(r)),
        "error_examples": [f"{r.status} {r.path} {r.error}".strip() for r in load if is_error(r)][:5],
        "search_p95_ratio": round(load_p95 / idle_p95, 2) if idle_p95 and load_p95 else None,
    }


def print_report(result, loadavg):
    m, load = result["machine"], result["load"]
    print(f"\n机器：{m['cpu']}，{m['cores']} 核，Python {m['python']}，{m['system']}")
    print("负载均值（1/5/15 分钟）：" + "；".join(f"{k} {v}" for k, v in loadavg.items()))
    print(f"设置：{json.dumps(result['settings'], ensure_ascii=False)}")
    print(f"\n{pad('空闲时搜索（逐个请求）', 30)}    n   p50 ms   p95 ms   p99 ms  命中率")
    labels = {
        "cold": "冷缓存（每个查询首次）",
        "warm": "热缓存（同一查询再次）",
        "mix": "负载同分布抽样（基准）",
    }
    for name, s in result["idle_search"].items():
        print(
            f"  {pad(labels[name], 28)}{s['n']:>5}{cell(s['p50_ms']):>9}{cell(s['p95_ms']):>9}{cell(s['p99_ms']):>9}{s['hit_rate']:>8.0%}"
        )
    print(f"\n负载：{load['requests']} 个请求，{load['seconds']} 秒，吞吐 {load['throughput_rps']} 请求/秒")
    print(f"  {pad('页面类型', 16)}      n  错误   p50 ms   p95 ms   p99 ms  命中率")
    rows = [
        *load["by_kind"].items(),
        ("搜索合计", load["search"]),
        ("　其中缓存命中", load["search_hits"]),
        ("　其中未命中", load["search_misses"]),
        ("全部", load["overall"]),
    ]
    for kind, s in rows:
        print(
            f"  {pad(kind, 16)}{s['n']:>7}{s['errors']:>6}{cell(s['p50_ms']):>9}{cell(s['p95_ms']):>9}{cell(s['p99_ms']):>9}"
            f"{s['hit_rate']:>8.0%}"
        )
    ratio = result["search_p95_ratio"]
    met = result["errors"] == 0 and ratio is not None and ratio <= 3
    print(f"\n错误：{result['errors']}    负载下搜索 p95 / 空闲搜索 p95 = {ratio}")
    print(f"目标：无错误，且比值 ≤ 3 —— {'达到' if met else '未达到'}")
    for example in result["error_examples"]:
        print(f"  错误示例：{example}")


def pad(text, width):
    """Left-justify for a terminal, where a Chinese character takes two columns."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - columns)


def cell(value):
    return "-" if value is None else str(value)


def loadavg():
    return dict(zip(("1", "5", "15"), (round(v, 2) for v in os.getloadavg()), strict=True))


def run(args, tmp):
    env = server_env(tmp, args)
    textbooks_csv = textbook_sample(args, tmp)
    prepare(env, args, textbooks_csv)
    data = SiteData.load(args.data, textbooks_csv)
    port, log_path = free_port(), tmp / "server.log"
    server = start_server(env, args, port, log_path)
    try:
        wait_until_up(server, port, log_path)
        averages = {"准备后": loadavg()}
        idle = idle_search(port, data)
        budget = Budget(args.requests, args.seconds)
        if args.rate:
            load, wall = run_open(HOST, port, data, args.rate, budget, clients=max(args.clients, 32))
        else:
            load, wall = run_load(HOST, port, data, args.clients, budget)
        averages["负载后"] = loadavg()
    finally:
        stop_server(server)
    result = figures(args, idle, load, wall)
    result["loadavg"] = averages
    print_report(result, averages)
    if result["errors"]:
        print(f"服务器日志末尾：\n{log_path.read_text(errors='replace')[-2000:]}")
    return result


def main(argv=None):
    args = parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="jigong-load-"))
    try:
        result = run(args, tmp)
    finally:
        if args.keep:
            print(f"临时目录已保留：{tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
