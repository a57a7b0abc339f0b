"""With REDIS_URL set, every worker shares the rate-limit counters (not one count per process)."""

import os
import uuid

import pytest

from awards import create_app
from tests.conftest import skip_or_fail, test_config

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url() -> str:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as exc:
        skip_or_fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
    return REDIS_URL


def test_two_app_instances_share_the_login_limit(app, database_url: str, redis_url: str) -> None:
    """The counts live in Redis, so separate worker processes see the same numbers."""
    import redis

    # A key prefix of its own, so that runs never see each other's counts.
    prefix = f"awards-test-{uuid.uuid4().hex}"
    settings = test_config(
        database_url,
        RATELIMIT_STORAGE_URI=redis_url,
        RATELIMIT_KEY_PREFIX=prefix,
        RATELIMIT_LOGIN="3 per minute",
    )
    first, second = create_app(settings), create_app(settings)
    form = {"email": "nobody@example.org", "password": "wrong password 123"}
    statuses = [
        app.test_client().post("/account/login", data=form).status_code
        for app in (first, second, first)
    ]
    assert statuses == [400, 400, 400]  # three attempts across two workers: answered
    stored = redis.Redis.from_url(redis_url).keys(f"*{prefix}*")
    assert stored, "the attempts were not counted in Redis"
    response = second.test_client().post("/account/login", data=form)
    assert response.status_code == 429  # the fourth, on the other worker, is refused
    assert "Too many attempts" in response.get_data(as_text=True)
