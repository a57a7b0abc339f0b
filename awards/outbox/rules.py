"""Pure delivery rules of the outbox."""

from datetime import datetime, timedelta

#: After this many failed attempts a message is marked failed and left for an organiser.
MAX_ATTEMPTS = 10
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=6)


def retry_delay(attempts: int) -> timedelta:
    """Back-off before the next try after ``attempts`` failures: 30 s, 1 min, 2 min, ... 6 h."""
    if attempts < 1:
        return timedelta(0)
    delay = BASE_DELAY * (2 ** (attempts - 1))
    return min(delay, MAX_DELAY)


def next_attempt(now: datetime, attempts: int) -> datetime | None:
    """When to try again after ``attempts`` failures, or None to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + retry_delay(attempts)
