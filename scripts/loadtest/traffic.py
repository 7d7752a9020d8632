"""Realistic public traffic: which addresses a visitor asks for, clients that ask over keep-alive connections, and
the figures (percentiles per page kind) that come out.

Nothing here imports Django: the driver only speaks HTTP to the server, like a browser would.
"""

import csv
import http.client
import json
import math
import queue
import random
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

TEXTBOOK_LEVELS = ["intermediate", "advanced", "technician", "general"]
TEXTBOOK_KINDS = ["integrated", "digital", "foundation", "public", "worldskills"]
SEARCH_FACETS = {"type": ["textbook", "program"], "level": TEXTBOOK_LEVELS, "kind": TEXTBOOK_KINDS}
# The brief's mix: 40 % search (page and API), 30 % textbook list and pages, 30 % catalogue and program pages.
MIX = [
    ("search", 0.30),
    ("search_api", 0.10),
    ("textbook_list", 0.15),
    ("textbook", 0.15),
    ("catalogue", 0.10),
    ("program", 0.20),
]


@dataclass
class SiteData:
    """What the generator draws from: the shared data files, as a visitor would know them from the site."""

    queries: list
    isbns: list
    program_codes: list
    program_names: list
    category_codes: list

    @classmethod
    def load(cls, data_dir, textbooks_csv):
        queries = [
            json.loads(line)["q"]
            for line in (data_dir / "queries-dev.jsonl").read_text().splitlines()
            if line.strip()
        ]
        programs = _rows(data_dir / "programs.csv")
        return cls(
            queries=queries,
            isbns=[row["isbn"] for row in _rows(textbooks_csv)],
            program_codes=[row["code"] for row in programs],
            program_names=[row["name"] for row in programs],
            category_codes=[row["code"] for row in _rows(data_dir / "categories.csv")],
        )


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Mix:
    """Draws (kind, path) pairs; each client has its own seeded generator, so runs are repeatable."""

    def __init__(self, data, seed):
        self.data = data
        self.rng = random.Random(seed)

    def next(self):
        kinds, weights = zip(*MIX, strict=True)
        kind = self.rng.choices(kinds, weights)[0]
        return kind, getattr(self, kind)()

    def _query(self, base, params):
        params = {k: v for k, v in params.items() if v}
        return f"{base}?{urlencode(params)}" if params else base

    def _search_params(self):
        rng = self.rng
        params = {"q": rng.choice(self.data.queries)}
        if rng.random() < 0.3:
            facet = rng.choice(list(SEARCH_FACETS))
            params[facet] = rng.choice(SEARCH_FACETS[facet])
        params["page"] = 2 if rng.random() < 0.15 else None
        params["sort"] = "year" if rng.random() < 0.1 else None
        return params

    def search(self):
        return self._query("/search/", self._search_params())

    def search_api(self):
        return self._query("/search/api/", self._search_params())

    def textbook_list(self):
        rng = self.rng
        params = {
            "level": rng.choice(TEXTBOOK_LEVELS) if rng.random() < 0.3 else None,
            "kind": rng.choice(TEXTBOOK_KINDS) if rng.random() < 0.3 else None,
            "category": rng.choice(self.data.category_codes) if rng.random() < 0.3 else None,
            "page": rng.randint(2, 5) if rng.random() < 0.3 else None,
        }
        return self._query("/textbooks/", params)

    def textbook(self):
        return f"/textbooks/{self.rng.choice(self.data.isbns)}/"

    def catalogue(self):
        rng = self.rng
        params = {
            "edition": rng.choice(["2018", "2025"]) if rng.random() < 0.3 else None,
            "category": rng.choice(self.data.category_codes) if rng.random() < 0.3 else None,
            "q": rng.choice(self.data.program_names)[:2] if rng.random() < 0.2 else None,
        }
        return self._query("/catalogue/", params)

    def program(self):
        return f"/catalogue/programs/{self.rng.choice(self.data.program_codes)}/"


@dataclass
class Result:
    kind: str
    path: str
    status: int  # 0 when the request raised
    seconds: float
    cache: str = ""
    error: str = ""


class Client:
    """One keep-alive connection; reconnects after a failure, as a browser would."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.connection = None

    def get(self, kind, path):
        started = time.perf_counter()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.connection.request("GET", path, headers={"Host": self.host, "Accept-Language": "zh-CN"})
            response = self.connection.getresponse()
            response.read()
            return Result(
                kind, path, response.status, time.perf_counter() - started, response.getheader("X-Cache", "")
            )
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            return Result(kind, path, 0, time.perf_counter() - started, error=f"{type(exc).__name__}: {exc}")

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


@dataclass
class Budget:
    """Shared stop rule for all clients: a number of requests and a wall-clock limit, whichever comes first."""

    requests: int
    seconds: float
    started: float = field(default_factory=time.perf_counter)
    issued: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self):
        with self.lock:
            if self.issued >= self.requests or time.perf_counter() - self.started > self.seconds:
                return False
            self.issued += 1
            return True


def run_load(host, port, data, clients, budget, seed=1):
    """Closed loop: `clients` connections, each with its own generator, send back to back until the budget is spent."""

    def work(index):
        client, mix, mine = Client(host, port), Mix(data, seed + index), []
        while budget.take():
            mine.append(client.get(*mix.next()))
        client.close()
        return mine

    return _run_clients(work, clients)


def _run_clients(work, clients):
    """Run `work(index)` in `clients` threads; all their results and the wall time."""
    results, lock = [], threading.Lock()

    def collect(index):
        mine = work(index)
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=collect, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def run_open(host, port, data, rate, budget, clients, seed=1):
    """Open loop: requests arrive at `rate` per second (Poisson), whatever pace the server keeps.

    Each latency counts from the request's scheduled arrival, not from when a client got to send it, so a server
    that falls behind shows its queue in the figures instead of slowing the arrivals down (no coordinated
    omission). `clients` connections share the arrivals; an arrival waits in the queue when all are busy.
    """
    rng, mix = random.Random(seed), Mix(data, seed)
    arrivals, due = queue.Queue(), time.perf_counter() + 0.5
    for _ in range(budget.requests):
        if due - budget.started > budget.seconds:
            break
        arrivals.put((due, *mix.next()))
        due += rng.expovariate(rate)
    for _ in range(clients):
        arrivals.put(None)

    def work(index):
        client, mine = Client(host, port), []
        while (item := arrivals.get()) is not None:
            scheduled, kind, path = item
            wait = scheduled - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            result = client.get(kind, path)
            result.seconds = time.perf_counter() - scheduled
            mine.append(result)
        client.close()
        return mine

    return _run_clients(work, clients)


def percentile(values, fraction):
    """Nearest-rank percentile (no interpolation), in the same unit as `values`."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def is_error(result):
    return not 200 <= result.status < 300
