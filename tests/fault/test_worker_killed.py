"""A gunicorn worker SIGKILLed in the middle of a load of votes loses no answered vote.

Success is answered (303 to the receipt) only after the commit, so every receipt a voter saw
is in the database; a request cut off with the worker may or may not have been committed (the
voter saw no success, and a retry answers "already voted"), but nothing appears that nobody
asked for, and never two votes of one voter in one category.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter

from tests.fault.harness import Load, gunicorn, prepare, stored_votes, workers_of

VOTERS = 120
WORKERS = 3


def test_every_answered_vote_survives_a_killed_worker(database: str) -> None:
    world = prepare(database, voters=VOTERS, categories=2)
    with gunicorn(database, workers=WORKERS) as (port, master):
        killed: list[int] = []
        kill_at = {40, 120}  # twice: once early, once in the thick of it
        lock = threading.Lock()

        def maybe_kill(count: int) -> None:
            with lock:
                if count not in kill_at:
                    return
                workers = workers_of(master.pid)
                if workers:
                    os.kill(workers[0], signal.SIGKILL)
                    killed.append(workers[0])

        load = Load(port, world, threads=24)
        load.run(on_each=maybe_kill)
        assert master.poll() is None, "the gunicorn master keeps serving"

    assert len(killed) == 2
    outcomes = load.outcomes
    assert len(outcomes) == VOTERS * 2
    answered = [o for o in outcomes if o.status is not None]
    # Anything answered is a success or a clear refusal of ours, never a 500.
    assert {o.status for o in answered} <= {303, 409, 503}, Counter(o.status for o in answered)
    successes = {o.receipt for o in outcomes if o.status == 303}
    assert None not in successes
    stored = stored_votes(world)
    receipts = {receipt for _, _, receipt in stored}
    assert successes <= receipts, "a vote answered with its receipt is missing"
    assert len(stored) >= len(successes)
    asked = {(o.voter, o.category) for o in outcomes}
    assert {(voter, category) for voter, category, _ in stored} <= asked
    assert max(Counter((v, c) for v, c, _ in stored).values()) == 1
    # The requests cut off with the killed workers are the only ones without an answer.
    assert len(outcomes) - len(answered) <= 2 * WORKERS
