"""Every bad vote of issue 10: a clear message, the right status, and no vote written.

And the no-leak rule: during voting nothing a voter or a visitor receives (pages, headers,
the nominee's OpenGraph tags, the order of the cards) changes with other people's votes.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import InterfaceError, OperationalError

from awards import clock as clock_module
from awards.error_pages import is_database_unreachable
from awards.extensions import db
from awards.voting import ballots
from awards.voting.models import Vote
from tests.entry_factory import make_entry
from tests.voting_factory import insert_vote, make_nominees

ALREADY = "You have already voted in this category."


@pytest.fixture
def instant(monkeypatch: pytest.MonkeyPatch, clock: Any) -> dict[str, Any]:
    """The server's clock, which a test may move: ``instant["now"] = ...``."""
    state = {"now": clock.DURING_VOTING}
    monkeypatch.setattr(clock_module, "utcnow", lambda: state["now"])
    return state


@pytest.fixture
def world(app: Any, make_edition: Any, make_user: Any, instant: Any) -> dict[str, Any]:
    edition = make_edition(categories=2)
    owner = make_user("owner@example.org")
    nominees = make_nominees(edition, owner, per_category=2)
    voter = make_user("voter@example.org")
    plain = make_entry(edition, owner, title="Eligible but not nominated")
    other_edition = make_edition(year=2020, categories=1)
    foreign = make_nominees(other_edition, owner, per_category=1)
    db.session.commit()
    return {
        "edition": edition,
        "nominees": list(nominees.values()),
        "voter": voter,
        "plain": plain,
        "foreign": next(iter(foreign.values()))[0],
    }


def votes() -> int:
    return db.session.scalar(select(func.count()).select_from(Vote)) or 0


def post(client: Any, entry_id: Any, category: Any = 1, **extra: Any) -> Any:
    data = {"category": str(category), **extra}
    return client.post(f"/vote/2021/nominees/{entry_id}/cast", data=data)


@pytest.fixture
def voter(login_as: Any, world: dict[str, Any]) -> Any:
    return login_as(world["voter"])


def refused(response: Any, status: int, message: str | None = None) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    text = response.get_data(as_text=True)
    if message:
        assert message in text
    assert "Traceback" not in text
    assert votes() == 0 or status == 409
    return text


def test_a_second_vote_in_the_category_is_409(voter: Any, world: dict[str, Any]) -> None:
    one, two = world["nominees"][0]
    assert post(voter, one.id).status_code == 303
    refused(post(voter, two.id), 409, ALREADY)
    refused(post(voter, one.id), 409, ALREADY)
    assert votes() == 1
    # The confirmation page says so too, with the voter's receipt.
    page = voter.get(f"/vote/2021/nominees/{two.id}/confirm")
    assert page.status_code == 409
    assert ALREADY in page.get_data(as_text=True)
    assert "See its receipt" in page.get_data(as_text=True)


def test_a_non_nominee_is_404(voter: Any, world: dict[str, Any]) -> None:
    refused(post(voter, world["plain"].id), 404, "not a nominee")
    assert voter.get(f"/vote/2021/nominees/{world['plain'].id}").status_code == 404
    assert voter.get(f"/vote/2021/nominees/{world['plain'].id}/confirm").status_code == 404


def test_another_categorys_nominee_is_400(voter: Any, world: dict[str, Any]) -> None:
    refused(post(voter, world["nominees"][1][0].id, category=1), 400, "another category")
    assert votes() == 0


@pytest.mark.parametrize("category", ["", "abc", "99", "-1", "1e3"])
def test_a_missing_or_forged_category_is_400(
    voter: Any, world: dict[str, Any], category: str
) -> None:
    refused(post(voter, world["nominees"][0][0].id, category=category), 400)
    assert votes() == 0


def test_another_editions_nominee_is_404(voter: Any, world: dict[str, Any]) -> None:
    refused(post(voter, world["foreign"].id), 404)


@pytest.mark.parametrize("entry_id", ["999999", "0", "abc", "1.5", "99999999999999999999", "%00"])
def test_a_forged_or_non_numeric_nominee_id_is_404(
    voter: Any, world: dict[str, Any], entry_id: str
) -> None:
    refused(post(voter, entry_id), 404)


@pytest.mark.parametrize(
    ("when", "message"),
    [("NOMINATION_CLOSES", "Voting has not opened yet"), ("VOTING_CLOSES", "Voting is closed")],
)
def test_outside_the_voting_window_is_409(
    voter: Any, world: dict[str, Any], instant: dict[str, Any], clock: Any, when: str, message: str
) -> None:
    instant["now"] = getattr(clock, when)
    refused(post(voter, world["nominees"][0][0].id), 409, message)
    assert votes() == 0


def test_the_closing_instant_is_decided_by_the_servers_clock(
    voter: Any, world: dict[str, Any], instant: dict[str, Any], clock: Any
) -> None:
    instant["now"] = clock.VOTING_CLOSES - timedelta(seconds=1)
    assert post(voter, world["nominees"][0][0].id).status_code == 303
    instant["now"] = clock.VOTING_CLOSES
    refused(post(voter, world["nominees"][1][0].id, category=2), 409, "Voting is closed")
    assert votes() == 1


def test_an_unverified_account_is_told_to_confirm_its_address(
    client: Any, login_as: Any, make_user: Any, world: dict[str, Any]
) -> None:
    login_as(make_user(verified=False))
    db.session.commit()
    entry = world["nominees"][0][0]
    for response in (post(client, entry.id), client.get(f"/vote/2021/nominees/{entry.id}/confirm")):
        text = refused(response, 403, "Confirm your email address to vote")
        assert "Send a new link" in text


def test_a_deactivated_account_is_signed_out_and_votes_nothing(
    voter: Any, world: dict[str, Any]
) -> None:
    world["voter"].is_active_account = False
    db.session.commit()
    response = post(voter, world["nominees"][0][0].id)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    assert votes() == 0


def test_a_visitor_cannot_cast(client: Any, world: dict[str, Any]) -> None:
    response = post(client, world["nominees"][0][0].id)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    assert votes() == 0


def test_casting_by_get_is_405(voter: Any, world: dict[str, Any]) -> None:
    response = voter.get(f"/vote/2021/nominees/{world['nominees'][0][0].id}/cast?category=1")
    refused(response, 405)


def test_missing_and_stale_csrf_tokens_are_400(csrf_app: Any, world: dict[str, Any]) -> None:
    client = csrf_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = world["voter"].get_id()
        session["_fresh"] = True
    entry = world["nominees"][0][0]
    refused(post(client, entry.id), 400, "expired or was sent from elsewhere")
    # A token signed for another session (or an old one) is worth nothing here.
    token = URLSafeTimedSerializer(csrf_app.secret_key, salt="wtf-csrf-token").dumps("other")
    refused(post(client, entry.id, csrf_token=token), 400, "expired or was sent from elsewhere")
    # With the page's own token the vote goes through.
    confirm = client.get(f"/vote/2021/nominees/{entry.id}/confirm").get_data(as_text=True)
    own = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', confirm)
    assert post(client, entry.id, csrf_token=own.group(1)).status_code == 303


def test_too_many_votes_are_429(app: Any, voter: Any, world: dict[str, Any]) -> None:
    app.config["RATELIMIT_VOTE_ACCOUNT"] = "2 per minute"
    try:
        (a, b), (c, _) = world["nominees"]
        assert post(voter, a.id).status_code == 303
        assert post(voter, c.id, category=2).status_code == 303
        response = post(voter, b.id)
        assert response.status_code == 429
        assert "Too many attempts" in response.get_data(as_text=True)
        assert 1 <= int(response.headers["Retry-After"]) <= 60  # the minute's window
        assert "X-RateLimit-Remaining" not in response.headers
    finally:
        app.config["RATELIMIT_VOTE_ACCOUNT"] = "20 per minute; 100 per hour"
    assert votes() == 2


def test_the_address_limit_counts_every_account_behind_it(
    app: Any, client: Any, login_as: Any, make_user: Any, world: dict[str, Any]
) -> None:
    app.config["RATELIMIT_VOTE"] = "2 per minute"
    try:
        statuses = []
        for _ in range(3):
            login_as(make_user())
            db.session.commit()
            statuses.append(post(client, world["nominees"][0][0].id).status_code)
    finally:
        app.config["RATELIMIT_VOTE"] = "60 per minute; 600 per hour"
    assert statuses == [303, 303, 429]


def test_someone_elses_receipt_is_404(
    client: Any, login_as: Any, make_user: Any, world: dict[str, Any]
) -> None:
    vote = insert_vote(world["voter"], world["nominees"][0][0])
    db.session.commit()
    login_as(make_user())
    assert client.get(f"/vote/2021/receipts/{vote.receipt}").status_code == 404
    assert client.get("/vote/2021/receipts/not-a-receipt").status_code == 404
    login_as(world["voter"])
    assert client.get(f"/vote/2021/receipts/{vote.receipt}").status_code == 200
    assert client.get(f"/vote/2020/receipts/{vote.receipt}").status_code == 404
    # Typed back in lower case with hyphens: the canonical address.
    typed = "-".join(vote.receipt[i : i + 4] for i in range(0, 26, 4)).lower()
    response = client.get(f"/vote/2021/receipts/{typed}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(vote.receipt)


# --- no counts, no ranks, nothing that moves with other people's votes ----------------------

NUMBERS_WITHOUT_MEANING = re.compile(r'(csrf_token" (?:type="hidden" )?value=")[^"]+')


def _pages(client: Any, world: dict[str, Any]) -> dict[str, tuple[str, dict[str, str]]]:
    entry = world["nominees"][0][0]
    seen = {}
    for path in (
        "/vote/2021",
        "/vote/2021?q=project",
        "/vote/2021/categories/1",
        f"/vote/2021/nominees/{entry.id}",
        f"/vote/2021/nominees/{entry.id}/confirm",
        "/vote/2021/my-votes",
    ):
        response = client.get(path)
        headers = {
            k: v for k, v in response.headers.items() if k not in {"Set-Cookie", "Date", "Vary"}
        }
        seen[path] = (NUMBERS_WITHOUT_MEANING.sub(r"\1", response.get_data(as_text=True)), headers)
    return seen


@pytest.mark.parametrize("persona", ["visitor", "voter"])
def test_other_peoples_votes_change_nothing_anyone_sees(
    client: Any, login_as: Any, make_user: Any, world: dict[str, Any], persona: str
) -> None:
    if persona == "voter":
        login_as(world["voter"])
    before = _pages(client, world)
    popular = world["nominees"][0][1]
    for _ in range(7):
        insert_vote(make_user(), popular)
    db.session.commit()
    after = _pages(client, world)
    assert after == before


def test_no_page_carries_a_count_even_for_the_voter(
    client: Any, login_as: Any, world: dict[str, Any], make_user: Any
) -> None:
    for _ in range(13):
        insert_vote(make_user(), world["nominees"][0][1])
    db.session.commit()
    login_as(world["voter"])
    for path, (body, headers) in _pages(client, world).items():
        assert not re.search(r"\b13\b", body), path
        assert "ETag" not in headers, path
        assert "Last-Modified" not in headers, path
        assert "vote" not in " ".join(headers).lower(), path


def test_an_unreachable_database_is_a_503_try_again(
    voter: Any, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the fault tests provoke with a real PostgreSQL, in one request."""

    def gone(*_: Any, **__: Any) -> None:
        raise OperationalError("INSERT INTO vote ...", {}, psycopg.OperationalError("gone"))

    monkeypatch.setattr(ballots, "insert_vote", gone)
    response = post(voter, world["nominees"][0][0].id)
    text = refused(response, 503, "please try again in a few seconds")
    assert "Your vote is recorded" not in text
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("error", "unreachable"),
    [
        (OperationalError("x", {}, psycopg.OperationalError("server closed")), True),
        (InterfaceError("x", {}, psycopg.InterfaceError("connection already closed")), True),
        (OperationalError("x", {}, sqlite3.OperationalError("database is locked")), False),
        (RuntimeError("database is gone"), False),
    ],
)
def test_which_errors_mean_the_database_is_unreachable(error: Exception, unreachable: bool) -> None:
    assert is_database_unreachable(error) is unreachable
