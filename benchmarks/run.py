"""`make bench`: the figures of the README, measured on this machine, loopback only.

1. gunicorn (2 workers) on a fresh PostgreSQL database with the demo edition loaded;
   wrk (or, when wrk is missing, a bounded Python load generator) against ``/healthz`` and
   ``/``: throughput, p50 and p99 latency.
2. Fresh clone to first page: ``git clone`` this repository into a temporary folder, run
   ``make run PORT=...`` there and time until ``/`` answers 200.
3. The duration of ``make test`` in that clone.
4. The entry figures of issue 3: ``benchmarks/bench_entries.py`` (organisers' list, exports)
   and ``benchmarks/bench_save_entry.py`` (saving an entry).
5. The Expert Group's (issue 9), one "review" section: ``bench_review.py`` (the assignment),
   ``bench_review_queue.py`` (an expert's queue page of 45 reviews, p95, under gunicorn on
   PostgreSQL) and ``bench_rankings.py`` (a category ranking of 100 entries x 3 reviews).
6. Public voting (issue 10): ``bench_voting.py`` (vote casting beside /healthz and a bare
   Flask app under the same gunicorn, 10,000 voters, the voting pages, a profile).
7. Results (issue 11) and fraud review, skipped together by ``--skip-results``:
   ``bench_fraud.py`` (the suspicious-activity page over 2 million votes, PostgreSQL),
   ``bench_results.py`` (tally and Merkle snapshot of 2 million votes, PostgreSQL),
   ``bench_certificates.py`` (certificates for 90 projects) and ``bench_results_page.py``
   (the public results page, p95).

Each run writes ``benchmarks/results/<UTC time>.json`` and ``benchmarks/results/latest.md``.
Every loop is bounded in requests and seconds; every server listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BIN = ROOT / ".venv" / "bin"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1/postgres")
# Environment variables of the caller that must not leak into the measured processes.
PRIVATE_ENV = ("DATABASE_URL", "TEST_DATABASE_URL", "AWARDS_REQUIRE_ALL", "SECRET_KEY", "PORT")


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PRIVATE_ENV}
    env.update(extra)
    return env


def http_status(url: str, timeout: float = 5.0) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, urllib.error.URLError):
        return None


def wait_for_200(url: str, timeout: float, process: subprocess.Popen[Any] | None = None) -> bool:
    """Poll ``url`` until it answers 200, the process dies, or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if http_status(url, timeout=2.0) == 200:
            return True
        if process is not None and process.poll() is not None:
            return False
        time.sleep(0.25)
    return False


def stop_group(process: subprocess.Popen[Any]) -> None:
    """End the process group we started (make and the server it runs), politely first."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)
    except ProcessLookupError:
        pass


def tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


# --- PostgreSQL ----------------------------------------------------------------------------
@contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty database (dropped afterwards); yields its SQLAlchemy URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(PG_ADMIN_URL)
    name = f"{prefix}_{int(time.time())}_{os.getpid()}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


CREATE_ALL = """
from awards import create_app
from awards.extensions import db
app = create_app()
with app.app_context():
    db.create_all()
"""


def flask(
    args: list[str], env: dict[str, str], timeout: float = 600
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "flask"), "--app", "awards", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def prepare_database(env: dict[str, str]) -> dict[str, Any]:
    """Schema by migration when there is one (else create_all), then the demo edition."""
    notes: dict[str, Any] = {}
    has_migrations = any((ROOT / "migrations" / "versions").glob("*.py"))
    if has_migrations:
        done = flask(["db", "upgrade"], env)
        notes["schema"] = "flask db upgrade" if done.returncode == 0 else "create_all"
        if done.returncode != 0:
            log(f"flask db upgrade failed, using create_all:\n{tail(done.stderr, 8)}")
    if not has_migrations or notes.get("schema") == "create_all":
        notes["schema"] = "create_all"
        subprocess.run(
            [str(BIN / "python"), "-c", CREATE_ALL], cwd=ROOT, env=env, check=True, timeout=300
        )
    # A throwaway database: the demo's published password harms nobody here.
    demo = flask(["awards", "demo", "--allow-production"], env, timeout=900)
    notes["demo"] = demo.returncode == 0
    if demo.returncode != 0:
        log(f"`flask awards demo` is not available or failed:\n{tail(demo.stderr, 8)}")
    return notes


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2) -> Iterator[str]:
    """gunicorn wsgi:app on a free loopback port; yields the base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_for_200(f"{base}/healthz", timeout=60, process=process):
            raise RuntimeError("gunicorn did not answer /healthz with 200 within 60 s")
        yield base
    finally:
        stop_group(process)


# --- load ----------------------------------------------------------------------------------
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip()).groups()  # type: ignore[union-attr]
    return float(number) * UNITS_MS[unit]


def parse_wrk(output: str) -> dict[str, Any]:
    """Throughput, p50/p99 and errors from ``wrk --latency`` output."""
    percentiles = {
        int(p): _ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+\w+)", output, re.M)
    }
    requests = re.search(r"(\d+) requests in", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(requests.group(1)) if requests else 0,
        "requests_per_s": float(rps.group(1)) if rps else 0.0,
        "p50_ms": percentiles.get(50),
        "p99_ms": percentiles.get(99),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
    }


def load_with_wrk(url: str, seconds: int, connections: int) -> dict[str, Any]:
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True)
    return {"tool": "wrk", "command": " ".join(command), **parse_wrk(done.stdout)}


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile of non-empty ``samples``."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def load_with_python(
    url: str, seconds: int, connections: int, max_requests: int = 200_000
) -> dict[str, Any]:
    """Keep-alive connections in threads; stops at ``seconds`` or ``max_requests``."""
    match = re.match(r"http://([^:/]+):(\d+)(/.*)", url)
    assert match, url
    host, port, path = match.group(1), int(match.group(2)), match.group(3)
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    budget = iter(range(max_requests))

    def worker() -> None:
        connection = HTTPConnection(host, port, timeout=10)
        local: list[float] = []
        while time.monotonic() < deadline and next(budget, None) is not None:
            start = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection.close()
                connection = HTTPConnection(host, port, timeout=10)
            local.append((time.perf_counter() - start) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        connection.close()
        with lock:
            latencies.extend(local)

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "tool": "python threads (wrk not installed)",
        "command": f"{connections} keep-alive connections for {seconds} s",
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 2) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 2) if latencies else None,
        "non_2xx": errors[0],
        "socket_errors": 0,
    }


def load(url: str, seconds: int, connections: int) -> dict[str, Any]:
    if shutil.which("wrk"):
        return load_with_wrk(url, seconds, connections)
    return load_with_python(url, seconds, connections)


def bench_http(seconds: int, connections: int) -> dict[str, Any]:
    """gunicorn on PostgreSQL with the demo edition: /healthz and / under load."""
    with postgres_database("awards_bench") as url:
        env = clean_env(
            AWARDS_ENV="production",
            SECRET_KEY=secrets.token_hex(32),
            DATABASE_URL=url,
            # Loopback load from one address would otherwise be answered 429 by design.
            RATELIMIT_ENABLED="false",
            MAIL_SERVER="",
            # Production needs its public address; the load comes to 127.0.0.1.
            AWARDS_BASE_URL="http://127.0.0.1",
        )
        notes = prepare_database(env)
        result: dict[str, Any] = {"database": "PostgreSQL (fresh)", "workers": 2, **notes}
        with gunicorn(env) as base:
            for path in ("/healthz", "/"):
                http_status(f"{base}{path}")  # warm up both workers' first request
                log(f"load on {path} for {seconds} s, {connections} connections")
                result[path] = load(f"{base}{path}", seconds, connections)
        return result


# --- fresh clone to first page, make test ---------------------------------------------------
def bench_fresh_clone(run_timeout: int, test_timeout: int, with_tests: bool) -> dict[str, Any]:
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="awards-clone-") as tmp:
        clone = Path(tmp) / "awards"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
        commit = subprocess.run(
            ["git", "-C", str(clone), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        result["commit"] = commit
        port = free_port()
        log(f"fresh clone of {commit}: `make run PORT={port}`")
        output = Path(tmp) / "make-run.log"
        started = time.monotonic()
        with output.open("w") as sink:
            process = subprocess.Popen(
                ["make", "run", f"PORT={port}"],
                cwd=clone,
                env=clean_env(),
                stdout=sink,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
            try:
                ok = wait_for_200(f"http://127.0.0.1:{port}/", run_timeout, process)
                seconds = time.monotonic() - started
            finally:
                stop_group(process)
        result["make_run"] = {
            "ok": ok,
            "seconds_to_first_page": round(seconds, 1) if ok else None,
            "note": "includes venv creation and pip install (pip's cache as this machine has it)",
        }
        if not ok:
            result["make_run"]["log_tail"] = tail(output.read_text(errors="replace"))
            log("make run did not serve the home page; see log_tail in the JSON")
        if with_tests:
            log("`make test` in the clone")
            started = time.monotonic()
            done = subprocess.run(
                ["make", "test"],
                cwd=clone,
                env=clean_env(),
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                timeout=test_timeout,
                check=False,
            )
            summary = [line for line in done.stdout.splitlines() if re.search(r" in [\d.]+s", line)]
            result["make_test"] = {
                "exit_code": done.returncode,
                "seconds": round(time.monotonic() - started, 1),
                "summary": summary[-1].strip("= ") if summary else tail(done.stdout, 3),
                "database": "SQLite",
            }
    return result


# --- the issue 3 figures ----------------------------------------------------------------
def run_script(name: str, timeout: int) -> dict[str, Any] | None:
    """Run ``benchmarks/<name>`` if it exists; its last stdout line is JSON."""
    script = ROOT / "benchmarks" / name
    if not script.exists():
        return None
    log(f"{name}")
    done = subprocess.run(
        [str(BIN / "python"), str(script)],
        cwd=ROOT,
        env=clean_env(BENCH_PG_URL=PG_ADMIN_URL),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stdout.strip().splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"ok": False, "exit_code": done.returncode, "log_tail": tail(done.stderr)}
    return {"ok": True, **json.loads(lines[-1])}


def merge_sections(*sections: dict[str, Any] | None) -> dict[str, Any] | None:
    """One section from several scripts' figures (the Expert Group's: the assignment, and the
    expert's queue page under gunicorn): measured when any was; each failure is noted."""
    present = [s for s in sections if s is not None]
    if not present:
        return None
    merged: dict[str, Any] = {"ok": any(s.get("ok") for s in present)}
    for number, section in enumerate(present, 1):
        if section.get("ok"):
            merged.update({k: v for k, v in section.items() if k != "ok"})
        else:
            merged[f"script {number} not measured"] = f"exit code {section.get('exit_code')}"
    return merged


# --- report ----------------------------------------------------------------------------------
def fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.1f}{unit}"
    return f"{value}{unit}"


def summary_markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Benchmark results ({result['started_at']})",
        "",
        f"Commit {result['commit']}, {result['machine']}. Produced by `make bench`.",
        "",
    ]
    http = result.get("http")
    if http and "error" not in http:
        tool = http["/"]["tool"]
        lines += [
            f"## HTTP under gunicorn ({http['workers']} workers) on PostgreSQL",
            "",
            f"Load tool: {tool} (`{http['/']['command']}`); demo loaded: {http['demo']}; "
            f"schema: {http['schema']}.",
            "",
            "| path | requests/s | p50 | p99 | requests | non-2xx |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for path in ("/healthz", "/"):
            row = http[path]
            lines.append(
                f"| `{path}` | {fmt(row['requests_per_s'])} | {fmt(row['p50_ms'], ' ms')} | "
                f"{fmt(row['p99_ms'], ' ms')} | {row['requests']} | "
                f"{row['non_2xx'] + row['socket_errors']} |"
            )
        lines.append("")
    elif http:
        lines += ["## HTTP under gunicorn", "", f"Not measured: {http['error']}", ""]
    clone = result.get("fresh_clone")
    if clone:
        run = clone["make_run"]
        lines += ["## Set-up", ""]
        lines.append(
            "- Fresh clone to first page with `make run`: "
            + (f"{run['seconds_to_first_page']} s" if run["ok"] else "FAILED (see the JSON)")
            + f" ({run['note']})."
        )
        test = clone.get("make_test")
        if test:
            lines.append(
                f"- `make test` (SQLite): {test['seconds']} s, exit code {test['exit_code']}: "
                f"{test['summary']}."
            )
        lines.append("")
    sections = (
        ("entries", "Entries (issue 3)"),
        ("save_entry", "Saving an entry"),
        ("review", "Expert Group (issue 9)"),
        ("results", "Results (issue 11)"),
        ("fraud", "Suspicious activity (issue 10)"),
        ("voting", "Public voting (issue 10)"),
    )
    for key, title in sections:
        section = result.get(key)
        if section is None:
            continue
        lines += [f"## {title}", ""]
        if not section.get("ok"):
            lines += [f"Not measured: exit code {section.get('exit_code')}.", ""]
            continue
        for name, value in section.items():
            if name not in ("ok", "detail"):
                lines.append(f"- {name}: {fmt(value)}")
        lines.append("")
    return "\n".join(lines)


README = ROOT / "README.md"
FIGURES = re.compile(r"(<!-- figures:start -->\n).*?(<!-- figures:end -->)", re.S)


def readme_figures(result: dict[str, Any]) -> str:
    """The README's table: one row per figure, with the issue's target where it sets one."""
    rows: list[tuple[str, str, str]] = []
    http = result.get("http") or {}
    for path, name in (("/healthz", "`/healthz`"), ("/", "home page `/`")):
        row = http.get(path)
        if row:
            rows.append(
                (
                    f"{name} under gunicorn on PostgreSQL ({row['tool'].split()[0]})",
                    f"{fmt(row['requests_per_s'])} requests/s, p50 {fmt(row['p50_ms'], ' ms')}, "
                    f"p99 {fmt(row['p99_ms'], ' ms')}",
                    "",
                )
            )
    clone = result.get("fresh_clone") or {}
    run = clone.get("make_run")
    if run:
        value = f"{run['seconds_to_first_page']} s" if run["ok"] else "failed"
        rows.append(("fresh clone to first page, `make run`", value, ""))
    test = clone.get("make_test")
    if test:
        rows.append(("`make test` (SQLite, browser tests included)", f"{test['seconds']} s", ""))
    entries = result.get("entries") or {}
    if entries.get("ok"):
        for name, value in entries.items():
            if name in {"ok", "entries"} or not isinstance(value, int | float):
                continue
            target = ""
            found = re.search(r" \(target ([\d.]+)\)", name)
            if found:
                name = name.replace(found.group(0), "")
                target = found.group(1)
            unit = next((u for u in (" ms", " s") if name.endswith(u)), "")
            name = name.removesuffix(unit)
            rows.append(
                (
                    f"{entries.get('entries', 5000):,} entries: {name}",
                    fmt(value, unit),
                    target + unit if target else "",
                )
            )
    rows += _target_rows(result.get("review") or {}, "")
    rows += _target_rows(result.get("results") or {}, "")
    rows += _target_rows(result.get("fraud") or {}, "")
    voting = result.get("voting") or {}
    rows += _target_rows({k: v for k, v in voting.items() if k == "ok" or " " in k}, "voting: ")
    save = result.get("save_entry") or {}
    if save.get("ok"):
        where = f"{save['database']}, {save['saves']} saves"
        rows.append((f"saving an entry, p50 ({where})", fmt(save["save_p50_ms"], " ms"), ""))
        rows.append(
            (
                f"saving an entry, p95 ({where})",
                fmt(save["save_p95_ms"], " ms"),
                f"{save['save_p95_target_ms']:.0f} ms",
            )
        )
    carried = result.get("carried_over") or {}
    note = (
        " Carried over from earlier runs: "
        + ", ".join(f"{key} ({when})" for key, when in carried.items())
        + "."
        if carried
        else ""
    )
    lines = [
        f"Run of {result['started_at']} at commit {result['commit']} ({result['machine']}):" + note,
        "",
        "| figure | measured | target |",
        "| --- | --- | --- |",
        *(f"| {name} | {value} | {target} |" for name, value, target in rows),
        "",
    ]
    return "\n".join(lines)


def _target_rows(section: dict[str, Any], prefix: str) -> list[tuple[str, str, str]]:
    """Rows for a script's numeric figures, whose names may end in "(target N)" and a unit."""
    rows: list[tuple[str, str, str]] = []
    if not section.get("ok"):
        return rows
    for name, value in section.items():
        if name == "ok" or not isinstance(value, int | float) or not name[:1].isalpha():
            continue
        if name.endswith(("_entries", "_experts", "_votes")) or name == "seeding s":
            continue
        target = ""
        found = re.search(r" \(target ([\d.]+)\)", name)
        if found:
            name = name.replace(found.group(0), "")
            target = found.group(1)
        unit = next((u for u in (" ms", " s") if name.endswith(u)), "")
        name = name.removesuffix(unit)
        rows.append((prefix + name, fmt(value, unit), target + unit if target else ""))
    return rows


def update_readme(result: dict[str, Any]) -> None:
    text = README.read_text()
    if FIGURES.search(text):
        block = readme_figures(result)
        README.write_text(FIGURES.sub(lambda m: m.group(1) + block + m.group(2), text))


SECTIONS = ("http", "fresh_clone", "entries", "save_entry", "review", "voting", "results", "fraud")


def carry_over(result: dict[str, Any]) -> None:
    """Sections this run skipped are taken from the newest earlier run that has them.

    So a partial run (``--skip-http``...) still leaves a complete README table; each carried
    section is named with the run it comes from in ``result["carried_over"]``.
    """
    earlier = sorted(RESULTS.glob("2*.json"), reverse=True)
    for key in SECTIONS:
        if key in result:
            continue
        for path in earlier:
            previous = json.loads(path.read_text())
            if key in previous:
                result[key] = previous[key]
                result.setdefault("carried_over", {})[key] = previous.get("started_at", path.stem)
                break


def run_scripts(args: argparse.Namespace, result: dict[str, Any]) -> None:
    """The figures measured by scripts of their own (each prints JSON as its last line)."""
    if not args.skip_entries:
        entries = run_script("bench_entries.py", timeout=1800)
        if entries is not None:
            result["entries"] = entries
        save = run_script("bench_save_entry.py", timeout=900)
        if save is not None:
            result["save_entry"] = save
    if not args.skip_review:
        review = merge_sections(
            run_script("bench_review.py", timeout=600),
            run_script("bench_review_queue.py", timeout=1200),
            run_script("bench_rankings.py", timeout=600),
        )
        if review is not None:
            result["review"] = review
    if not args.skip_voting:
        voting = run_script("bench_voting.py", timeout=1800)
        if voting is not None:
            result["voting"] = voting
    if not args.skip_results:
        fraud = run_script("bench_fraud.py", timeout=3600)
        if fraud is not None:
            result["fraud"] = fraud
        results = merge_sections(
            run_script("bench_results.py", timeout=2400),
            run_script("bench_certificates.py", timeout=600),
            run_script("bench_results_page.py", timeout=600),
        )
        if results is not None:
            result["results"] = results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15, help="load duration per path")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-clone", action="store_true")
    parser.add_argument("--skip-tests", action="store_true", help="skip timing `make test`")
    parser.add_argument("--skip-entries", action="store_true")
    parser.add_argument(
        "--skip-results",
        action="store_true",
        help="skip fraud, tally, Merkle, certificates, results page",
    )
    parser.add_argument("--skip-review", action="store_true", help="skip the Expert Group's")
    parser.add_argument("--skip-voting", action="store_true")
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    args = parser.parse_args(argv)

    started = datetime.now(UTC)
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    result: dict[str, Any] = {
        "started_at": started.strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or "unknown",
        "machine": f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}",
    }
    if not args.skip_http:
        try:
            result["http"] = bench_http(args.seconds, args.connections)
        except Exception as exc:  # noqa: BLE001 - a figure not measured is reported, not fatal
            log(f"HTTP benchmark failed: {exc}")
            result["http"] = {"error": str(exc)}
    if not args.skip_clone:
        result["fresh_clone"] = bench_fresh_clone(900, 1800, with_tests=not args.skip_tests)
    run_scripts(args, result)

    carry_over(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{started:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(summary_markdown(result) + "\n")
    if not args.no_readme:
        update_readme(result)
    log(f"wrote {path.relative_to(ROOT)} and benchmarks/results/latest.md")
    print(summary_markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
