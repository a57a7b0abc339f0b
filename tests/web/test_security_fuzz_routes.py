"""Hypothesis over every GET route: whatever is in the path or the query string, never a 500.

Each example fills every route's arguments with generated values (huge and negative integers,
unicode, control characters) plus the query arguments the pages read, and requests them all as
an anonymous visitor, a verified account and an organiser.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awards import transaction
from awards.accounts.roles import Role
from awards.outbox.services import queue_mail
from tests.entry_factory import make_entry

QUERY_ARGS = (
    "page", "category", "edition", "status", "since", "until", "next", "q", "sort",
    "direction", "region", "country", "state", "action", "actor", "object_type", "lang",
)  # fmt: skip

numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 2, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**20]),
).map(str)
texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\r\n", "\x00", "\t", "/\\evil", "//evil.example", "9999-12-31", "99999-1-1"]),
)
values = st.one_of(numbers, texts)


def _get_rules(app) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static"
    )


def _fill(rule: str, draw) -> str:
    return re.sub(r"<[^>]+>", lambda _m: quote(draw(values), safe="") or "x", rule)


def _sweep(client, app, data) -> None:
    for rule in _get_rules(app):
        path = _fill(rule, data.draw)
        names = data.draw(st.lists(st.sampled_from(QUERY_ARGS), max_size=3, unique=True))
        query = urlencode({name: data.draw(values) for name in names})
        url = f"{path}?{query}" if query else path
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def world(app, make_edition, make_user):
    """Something behind the small ids: an edition, an entry with its owner, a message."""
    edition = make_edition()
    owner = make_user()
    make_entry(edition, owner)
    queue_mail("ana@example.org", "test_message", "en", name="Ana")
    organiser = make_user(roles=((Role.ORGANISER, None),))
    # Committed (to the test's savepoint): a request that rolls back must not undo them.
    transaction.commit()
    return owner, organiser


@SETTINGS
@given(data=st.data())
def test_anonymous_visitors_never_get_a_500(app, client, world, data):
    _sweep(client, app, data)


@SETTINGS
@given(data=st.data())
def test_a_verified_account_never_gets_a_500(app, client, world, login_as, data):
    login_as(world[0])
    _sweep(client, app, data)


@SETTINGS
@given(data=st.data())
def test_an_organiser_never_gets_a_500(app, client, world, login_as, data):
    login_as(world[1])
    _sweep(client, app, data)
