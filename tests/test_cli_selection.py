"""`flask awards second-round` and `flask awards winners`: the final selection from the shell."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from awards import clock
from awards.accounts.roles import Role
from awards.extensions import db
from awards.review.models import SELECTION_ROUND, ReviewAssignment
from tests.review_factory import make_eligible, make_expert
from tests.selection_factory import SELECTION_NOW, make_champions, score_second_round


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=["awards", *args])

    return invoke


@pytest.fixture
def world(make_edition, make_user, monkeypatch):
    monkeypatch.setattr(clock, "utcnow", lambda: SELECTION_NOW)
    edition = make_edition()
    organiser = make_user(email="organiser@example.org", roles=((Role.ORGANISER, edition.id),))
    for _n in range(2):
        make_expert(make_user, edition, categories=(1,))
    owner = make_user()
    entries = [make_eligible(edition, owner, category=1) for _ in range(2)]
    make_champions(edition, entries, organiser, votes=[7, 7], first_round=[6.0, 6.0])
    return {"edition": edition, "entries": entries}


def _second_round_reviews():
    return db.session.scalar(
        select(func.count(ReviewAssignment.id)).where(ReviewAssignment.round == SELECTION_ROUND)
    )


def test_second_round_assigns_and_prints_per_category(run, world):
    result = run("second-round", "--edition", "2021", "--organiser", "organiser@example.org")
    assert result.exit_code == 0, result.output
    assert "2 Champions" in result.output
    assert "Stored: 4 assigned, 0 withdrawn." in result.output
    assert _second_round_reviews() == 4


def test_second_round_refused_for_a_non_organiser(run, world, make_user):
    make_user(email="someone@example.org")
    result = run("second-round", "--edition", "2021", "--organiser", "someone@example.org")
    assert result.exit_code == 1
    assert "Only an organiser" in result.output
    assert _second_round_reviews() == 0


def test_winners_prints_results_and_the_tie(run, world):
    assigned = run("second-round", "--edition", "2021", "--organiser", "organiser@example.org")
    assert assigned.exit_code == 0, assigned.output
    first, second = world["entries"]
    score_second_round(first, 8, 8)
    score_second_round(second, 8)
    result = run("winners", "--edition", "2021")
    assert result.exit_code == 0, result.output
    assert "(Champions: votes)" in result.output
    assert f"entry {first.id:>5}  second round  8.00 (2/2)" in result.output
    assert f"tie between entries {first.id}, {second.id}: organisers decide" in result.output
    assert "no Champions yet" in result.output  # categories 2 and 3
