"""Fault tests: gunicorn on a PRIVATE PostgreSQL cluster, then a worker killed or the database
stopped mid-load (``pytest -m fault tests/fault``).

They run in the PostgreSQL pass (``TEST_DATABASE_URL`` set, as ``.ci/run`` does) and are
skipped in the SQLite pass; with ``AWARDS_REQUIRE_ALL=1`` a missing ``initdb`` or gunicorn is a
failure, not a skip. The machine's shared PostgreSQL is never stopped: the cluster stopped here
is one these tests made in a temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.fault.harness import PrivateCluster


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.fault)


@pytest.fixture(scope="session")
def cluster() -> Iterator[PrivateCluster]:
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("fault tests run in the PostgreSQL pass (TEST_DATABASE_URL)")
    private = PrivateCluster()
    try:
        private.start()
        yield private
    finally:
        private.remove()


@pytest.fixture
def database(cluster: PrivateCluster, request: pytest.FixtureRequest) -> str:
    """A fresh database on the private cluster, named for the test."""
    name = "fault_" + request.node.name.lower().replace("[", "_").replace("]", "")[:40]
    admin = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return cluster.url.rsplit("/", 1)[0] + "/" + name
