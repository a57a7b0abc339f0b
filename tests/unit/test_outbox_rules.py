"""Back-off of the outbox: how long a message waits after each failure, and when it gives up."""

from datetime import UTC, datetime, timedelta

import pytest

from awards.outbox.rules import MAX_ATTEMPTS, MAX_DELAY, next_attempt, retry_delay

NOW = datetime(2021, 2, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("attempts", "delay"),
    [
        (0, timedelta(0)),
        (1, timedelta(seconds=30)),
        (2, timedelta(minutes=1)),
        (3, timedelta(minutes=2)),
        (6, timedelta(minutes=16)),
        (20, MAX_DELAY),
    ],
)
def test_retry_delay_doubles_up_to_a_ceiling(attempts, delay):
    assert retry_delay(attempts) == delay


def test_next_attempt_until_the_last_then_none():
    assert next_attempt(NOW, 1) == NOW + timedelta(seconds=30)
    assert next_attempt(NOW, MAX_ATTEMPTS - 1) is not None
    assert next_attempt(NOW, MAX_ATTEMPTS) is None
