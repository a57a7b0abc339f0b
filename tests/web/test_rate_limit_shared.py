"""With REDIS_URL set, every worker shares the rate-limit counters (not one count per process)."""

import os
import uuid

import pytest

from awards import create_app
from tests.conftest import skip_or_fail, test_config

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

#: No PostgreSQL needed (the suite's database, SQLite by default); Redis is: skipped without it,
#: a failure under AWARDS_REQUIRE_ALL=1.
pytestmark = pytest.mark.redis


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


def test_two_app_instances_sharing_redis_url_share_the_sign_up_limit_of_an_address(
    app, database_url: str, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """REDIS_URL alone (as in production) puts the counts in Redis: one address is limited
    across workers and client addresses."""
    import redis

    # An address of its own, so that runs (and their key prefixes) never see each other's counts.
    # (Flask-Limiter keeps the first key prefix it is given for the whole process.)
    email = f"ana-{uuid.uuid4().hex}@example.org"
    monkeypatch.setenv("REDIS_URL", redis_url)
    settings = test_config(
        database_url,
        RATELIMIT_KEY_PREFIX=f"awards-test-{uuid.uuid4().hex}",
        RATELIMIT_REGISTER_ADDRESS="2 per hour",
    )
    del settings["RATELIMIT_STORAGE_URI"]  # from REDIS_URL, by awards.config
    first, second = create_app(settings), create_app(settings)
    assert first.config["RATELIMIT_STORAGE_URI"] == redis_url
    form = {
        "name": "Ana Lima",
        "email": email,
        "password": "correct horse battery staple",
        "confirm": "correct horse battery staple",
        "stakeholder_type": "academia",
        "country": "BR",
    }
    store = redis.Redis.from_url(redis_url)
    try:
        statuses = [
            instance.test_client()
            .post("/account/register", data=form, environ_base={"REMOTE_ADDR": ip})
            .status_code
            for instance, ip in ((first, "10.3.0.1"), (second, "10.3.0.2"))
        ]
        assert statuses == [302, 302]  # two sign-ups of one address on two workers: accepted
        assert store.keys(f"*register-address:{email}*"), "not counted in Redis"
        third = first.test_client().post(
            "/account/register", data=form, environ_base={"REMOTE_ADDR": "10.3.0.3"}
        )
        assert third.status_code == 429  # the third, from a third client, waits
        assert "Too many attempts" in third.get_data(as_text=True)
    finally:
        for key in store.keys(f"*register-address:{email}*"):
            store.delete(key)
