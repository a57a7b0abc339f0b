"""`flask awards tally` and `verify-tally`: a snapshot, then a check that names what changed."""

from __future__ import annotations

import pytest

from awards.accounts.roles import Role
from awards.extensions import db
from awards.results import commands
from awards.review.champions import champions_of
from tests.conftest import Clock
from tests.published_results import build, publish_world
from tests.results_factory import cast, category_of, nominate


@pytest.fixture
def run(app):  # type: ignore[no-untyped-def]
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["awards", *args])


@pytest.fixture
def voted(make_edition, make_user, monkeypatch):  # type: ignore[no-untyped-def]
    edition = make_edition(categories=2, champions_per_category=1)
    make_user("olga@example.org", roles=((Role.ORGANISER, edition.id),))
    nominees = nominate(edition, make_user("owner@example.org"), per_category=2)
    first = nominees[category_of(edition, 1).id]
    for i in range(3):
        cast(first[i % 2], make_user(f"v{i}@example.org"), Clock.DURING_VOTING)
    monkeypatch.setattr(commands.clock, "utcnow", lambda: Clock.DURING_SELECTION)
    return edition, first


def test_tally_stores_a_snapshot_and_records_the_champions(run, voted) -> None:  # type: ignore[no-untyped-def]
    edition, first = voted
    result = run("tally", "--edition", "2021", "--organiser", "olga@example.org")
    assert result.exit_code == 0, result.output
    assert "3 valid votes in 2 categories" in result.output
    assert "Champions recorded" in result.output
    champions = champions_of(edition)[category_of(edition, 1).id]
    assert [(c.entry_id, c.valid_votes) for c in champions] == [(first[0].id, 2)]


def test_tally_before_voting_closes_is_refused(run, voted, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(commands.clock, "utcnow", lambda: Clock.DURING_VOTING)
    result = run("tally", "--edition", "2021", "--organiser", "olga@example.org")
    assert result.exit_code == 1
    assert "still open" in result.output
    assert run("verify-tally", "--edition", "2021").exit_code == 1


def test_verify_tally_names_the_category_whose_votes_changed(run, voted, make_user) -> None:  # type: ignore[no-untyped-def]
    edition, first = voted
    assert run("tally", "--edition", "2021", "--organiser", "olga@example.org").exit_code == 0
    ok = run("verify-tally", "--edition", "2021")
    assert ok.exit_code == 0, ok.output
    assert "matches the votes" in ok.output
    # A vote slipped in after the tally.
    cast(first[1], make_user("late@example.org"), Clock.DURING_VOTING)
    bad = run("verify-tally", "--edition", "2021")
    assert bad.exit_code == 1
    assert "Category 1: the valid votes are not those counted." in bad.output
    assert "Category 2" not in bad.output


def test_unknown_edition(run, app) -> None:  # type: ignore[no-untyped-def]
    result = run("verify-tally", "--edition", "1999")
    assert result.exit_code == 1
    assert "No edition 1999" in result.output


def test_notify_results_tells_each_person_once(run, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = build(make_edition, make_user, tag="-cli")
    db.session.commit()  # the refused command rolls back its own work, not the world
    refused = run("notify-results", "--edition", "2021", "--organiser", "olga-cli@example.org")
    assert refused.exit_code == 1
    assert "Publish the results" in refused.output
    publish_world(world)
    db.session.commit()
    first = run("notify-results", "--edition", "2021", "--organiser", "olga-cli@example.org")
    assert first.exit_code == 0, first.output
    assert "4 e-mails queued" in first.output
    again = run("notify-results", "--edition", "2021", "--organiser", "olga-cli@example.org")
    assert "0 e-mails queued" in again.output
