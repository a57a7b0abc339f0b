"""PostgreSQL stopped and started again under a load of votes: 503 "try again" while it is
down, never a false success, and successes again within 5 s of it coming back, by itself."""

from __future__ import annotations

import threading
import time
from collections import Counter

from tests.fault.harness import Load, PrivateCluster, gunicorn, prepare, stored_votes

RECOVERY_SECONDS = 5


def test_votes_while_the_database_restarts(cluster: PrivateCluster, database: str) -> None:
    world = prepare(database, voters=1500, categories=2)
    with gunicorn(database, workers=2) as (port, _master):
        load = Load(port, world, threads=8, pause=0.01)
        runner = threading.Thread(target=load.run)
        runner.start()
        try:
            time.sleep(1.5)
            cluster.stop("fast")
            stopped = time.monotonic()
            time.sleep(2.0)
            restarting = time.monotonic()
            cluster.start()
            back = time.monotonic()
            time.sleep(RECOVERY_SECONDS + 1)
        finally:
            load.stop.set()
            runner.join(timeout=60)

    outcomes = load.outcomes
    statuses = Counter(o.status for o in outcomes)
    assert set(statuses) <= {303, 503}, statuses
    down = [o for o in outcomes if o.sent_at >= stopped and o.answered_at <= restarting]
    assert down, "requests were made while the database was down"
    assert {o.status for o in down} == {503}
    assert all("try again" in o.body for o in down)
    before = [o for o in outcomes if o.answered_at < stopped]
    assert before
    assert all(o.status == 303 for o in before[:5])
    recovered = [o for o in outcomes if o.status == 303 and o.sent_at >= back]
    assert recovered, "no success after the database came back"
    assert recovered[0].answered_at - back <= RECOVERY_SECONDS
    # Never a false success: every receipt shown is in the database.
    successes = {o.receipt for o in outcomes if o.status == 303}
    assert successes <= {receipt for _, _, receipt in stored_votes(world)}
