"""The newcomer's path: the README's two commands, the documented settings, CI, the bench parser.

These read the repository's own files: a setting added to awards/config.py without a line in
.env.example, or a README whose quick start drifts from the Makefile, fails here.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _variables_read_by_the_app() -> set[str]:
    """Names passed to env.get(...), os.environ.get(...), os.getenv(...) or env[...] in awards/."""
    names: set[str] = set()
    for source in (ROOT / "awards").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                called = (
                    func.attr
                    if isinstance(func, ast.Attribute)
                    else func.id
                    if isinstance(func, ast.Name)
                    else ""
                )
                receiver = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
                env_like = receiver in {"env", "os.environ", "environ", "os"}
                if called in {"get", "getenv"} and env_like:
                    first = node.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        names.add(first.value)
            if isinstance(node, ast.Subscript) and ast.unparse(node.value) in {"env", "os.environ"}:
                key = node.slice
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    names.add(key.value)
    return names


def _documented_variables() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.M))


def test_every_setting_the_app_reads_is_documented_in_env_example() -> None:
    read = _variables_read_by_the_app()
    assert {"DATABASE_URL", "SECRET_KEY", "REDIS_URL", "AWARDS_TIMEZONE", "MAIL_SERVER"} <= read
    assert read - _documented_variables() == set(), "add these to .env.example"


def test_env_example_documents_nothing_the_app_ignores() -> None:
    assert _documented_variables() - _variables_read_by_the_app() == set()


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = re.search(r"^## Quick start\n(.*?)(?=^## )", readme, flags=re.M | re.S)
    assert section, "README.md has a '## Quick start' section"
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", section.group(1), flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_readme_quick_start_is_exactly_make_run_and_make_test() -> None:
    assert _quick_start_commands() == ["make run", "make test"]


def test_readme_links_to_docs_that_exist() -> None:
    readme = (ROOT / "README.md").read_text()
    targets = re.findall(r"\]\(((?:docs|benchmarks)/[^)#]+)", readme)
    assert targets, "the README links to docs/"
    missing = [target for target in targets if not (ROOT / target).exists()]
    assert missing == []


def _make_dry_run(*args: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    done = subprocess.run(
        ["make", "-n", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    return done.stdout


def test_make_run_upgrades_the_database_loads_the_demo_and_serves_on_port() -> None:
    plan = _make_dry_run("run", "PORT=5123")
    upgrade = plan.index("db upgrade")
    demo = plan.index("awards demo --if-missing")
    serve = plan.index("--host 127.0.0.1 --port 5123")
    assert upgrade < demo < serve


def test_make_test_runs_pytest_in_the_projects_venv() -> None:
    plan = _make_dry_run("test", "PYTEST_ARGS=-k smoke")
    assert ".venv/bin/pytest -k smoke" in plan


def test_ci_script_is_strict_and_runs_both_databases_and_ruff() -> None:
    script = ROOT / ".ci" / "run"
    text = script.read_text()
    assert text.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in text
    assert "AWARDS_REQUIRE_ALL=1" in text
    assert text.count("make test") >= 2
    assert 'TEST_DATABASE_URL="postgresql+psycopg://' in text
    assert "trap cleanup EXIT" in text
    assert "ruff check ." in text
    assert "ruff format --check ." in text
    assert "playwright install" not in text


# --- the benchmark's parsing of wrk's report ------------------------------------------------
def _bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WRK_REPORT = """\
Running 5s test @ http://127.0.0.1:40000/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.50ms   10.20ms 120.00ms   80.00%
    Req/Sec   380.00     40.00   450.00     70.00%
  Latency Distribution
     50%  850.00us
     75%   25.00ms
     90%   30.00ms
     99%    1.20s
  3715 requests in 5.01s, 1.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 7
Requests/sec:    741.56
Transfer/sec:    200.00KB
"""


def test_bench_reads_throughput_percentiles_and_errors_from_wrk() -> None:
    parsed = _bench_module().parse_wrk(WRK_REPORT)
    assert parsed == {
        "requests": 3715,
        "requests_per_s": 741.56,
        "p50_ms": pytest.approx(0.85),
        "p99_ms": pytest.approx(1200.0),
        "non_2xx": 7,
        "socket_errors": 3,
    }


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [(0.5, 5), (0.9, 9), (0.95, 10), (0.99, 10), (0.01, 1)],
)
def test_bench_percentile_is_nearest_rank(fraction: float, expected: int) -> None:
    assert _bench_module().percentile(list(range(10, 0, -1)), fraction) == expected
