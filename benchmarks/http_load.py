"""The load generator of ``bench_voting.py``: gunicorn started and stopped, requests sent.

Python, not wrk: processes of threads, a new connection per request as gunicorn's sync workers
close them, and a run stops by finishing the requests in flight (which the "votes stored ==
success responses" check needs). Two ways to load:

* :func:`load`: closed loop, ``connections`` requests always in flight: the throughput, and
  latencies that are mostly queueing (Little's law: latency = connections / throughput);
* :func:`paced`: open loop, requests sent on a fixed schedule (``rate`` a second over
  ``connections``), each latency counted from its scheduled time (so a request that had to wait
  for its connection counts that wait): what a voter sees at a given load.
"""

from __future__ import annotations

import http.client
import math
import multiprocessing
import os
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
#: gunicorn's own advice, 2 x CPUs + 1 sync workers, for the app and the bare app alike.
WORKERS = 2 * (os.cpu_count() or 1) + 1
#: Every request's User-Agent (a session's "_id" is computed from it).
AGENT = "bench-voter/1.0"
#: (method, path, session cookie, urlencoded body)
Job = tuple[str, str, str, str]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], extra: tuple[str, ...] = ()) -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            *extra,
            app_spec,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while status(port, "/healthz" if app_spec == "wsgi:app" else "/") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn {app_spec} did not start")
            time.sleep(0.2)
        yield port
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


def status(port: int, path: str) -> int | None:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        code = connection.getresponse().status
        connection.close()
        return code
    except OSError:
        return None


def _one(port: int, job: Job) -> tuple[int, float]:
    method, path, cookie, body = job
    headers = {"User-Agent": AGENT, "Accept-Language": "en", "Connection": "close"}
    if cookie:
        headers["Cookie"] = f"session={cookie}"
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        response.read()
        code = response.status
        connection.close()
    except (OSError, http.client.HTTPException):
        code = 0
    return code, (time.perf_counter() - started) * 1000


def _process(
    args: tuple[int, list[Job], int, float, bool],
) -> list[tuple[int, float]]:
    """One load process: ``threads`` threads share ``jobs`` until the deadline (or the end)."""
    port, jobs, threads, deadline, cycle = args
    lock = threading.Lock()
    position = [0]
    results: list[tuple[int, float]] = []

    def worker() -> None:
        local = []
        while time.time() < deadline:
            with lock:
                if position[0] >= len(jobs) and not cycle:
                    break
                job = jobs[position[0] % len(jobs)]
                position[0] += 1
            local.append(_one(port, job))
        with lock:
            results.extend(local)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results


def load(
    port: int,
    jobs: list[Job],
    connections: int,
    seconds: float,
    *,
    cycle: bool = True,
) -> dict[str, Any]:
    """``connections`` concurrent requests for ``seconds``; requests in flight are finished."""
    processes = max(1, min(4, connections // 8))
    per = [
        connections // processes + (1 if i < connections % processes else 0)
        for i in range(processes)
    ]
    slices = [jobs[i::processes] for i in range(processes)]
    started = time.time()
    deadline = started + seconds
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.map(
            _process, [(port, slices[i], per[i], deadline, cycle) for i in range(processes)]
        )
    elapsed = time.time() - started
    return _summary([r for part in parts for r in part], elapsed)


def _summary(results: list[tuple[int, float]], elapsed: float) -> dict[str, Any]:
    latencies = sorted(ms for _, ms in results)
    return {
        "requests": len(results),
        "requests_per_s": round(len(results) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "statuses": dict(Counter(code for code, _ in results)),
    }


def percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return math.nan
    return ordered[min(len(ordered), max(1, math.ceil(fraction * len(ordered)))) - 1]


def _paced_process(
    args: tuple[int, list[Job], list[int], int, float, float],
) -> list[tuple[int, float]]:
    """One load process of :func:`paced`: a thread per connection of ``lanes``."""
    port, jobs, lanes, connections, start, rate = args
    results: list[tuple[int, float]] = []
    lock = threading.Lock()

    def lane(first: int) -> None:
        local = []
        for index in range(first, len(jobs), connections):
            scheduled = start + index / rate
            pause = scheduled - time.time()
            if pause > 0:
                time.sleep(pause)
            code, _ = _one(port, jobs[index])
            local.append((code, (time.time() - scheduled) * 1000))
        with lock:
            results.extend(local)

    pool = [threading.Thread(target=lane, args=(first,)) for first in lanes]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results


def paced(port: int, jobs: list[Job], rate: float, connections: int) -> dict[str, Any]:
    """Every job once, job ``k`` sent at ``k / rate`` seconds, over ``connections`` connections."""
    processes = max(1, min(4, connections // 8))
    lanes = [list(range(p, connections, processes)) for p in range(processes)]
    start = time.time() + 1.0
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.map(
            _paced_process,
            [(port, jobs, lanes[p], connections, start, rate) for p in range(processes)],
        )
    elapsed = time.time() - start
    results = [r for part in parts for r in part]
    return _summary(results, elapsed)
