"""The demo edition: categories, accounts per role, entries to click through, phase placement."""

from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from awards.accounts.models import User
from awards.accounts.passwords import verify_password
from awards.accounts.roles import Role
from awards.contest.rules import Phase, validate_schedule
from awards.demo import DEMO_PASSWORD, load_demo
from awards.extensions import db
from awards.results.publication import is_published
from awards.results.snapshots import latest_snapshot, verify_snapshot
from awards.review.champions import VOTES, champions_of
from awards.review.conflict_services import active_conflicts
from awards.review.models import SELECTION_ROUND, AssignmentState, ReviewAssignment
from awards.review.nominees import nominees_of
from awards.review.selection_models import Champion, Nominee
from awards.review.winners import winners_of
from awards.submissions.eligibility import limits_of
from awards.submissions.entry_fields import snapshot
from awards.submissions.models import Entry, EntryState, Screening
from awards.submissions.rules import completeness_problems
from awards.submissions.wordcount import count_words

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("phase", ["submission", "nomination", "voting", "selection", "ceremony"])
def test_demo_phase_is_current_now(app, phase):
    result = load_demo(phase, now=NOW)
    edition = result.edition
    assert edition.title == "WSIS Prizes 2021"
    assert edition.phase(NOW) is Phase(phase)
    assert validate_schedule(edition.schedule()) == []
    for entry in db.session.scalars(select(Entry).where(Entry.state == EntryState.SUBMITTED)):
        assert entry.submitted_at < NOW
        assert edition.submission_opens <= entry.submitted_at < edition.submission_closes


def test_demo_content(app):
    result = load_demo("voting", now=NOW)
    edition = result.edition
    assert len(edition.categories) == 18
    entries = list(db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)))
    submitted = [e for e in entries if e.state is EntryState.SUBMITTED]
    drafts = [e for e in entries if e.state is EntryState.DRAFT]
    assert Counter(e.category_id for e in submitted) == {c.id: 24 for c in edition.categories}
    assert all(e.screening is Screening.ELIGIBLE for e in submitted)
    assert drafts
    assert len({e.title_key for e in entries}) == len(entries)
    for entry in submitted:
        assert 150 <= count_words(entry.description) <= 200
        assert entry.sdgs
        assert all(count_words(s.answer) >= 50 for s in entry.sdgs)
        assert {s.sdg for s in entry.sdgs} <= set(entry.category.suggested_sdgs)
        assert entry.region
        assert entry.country
        assert entry.entity_name
        assert entry.contacts
        for answer in (entry.impact_social, entry.partnerships, entry.challenges):
            assert count_words(answer) >= edition.min_answer_words


def test_demo_accounts_for_every_role_share_the_password(app):
    result = load_demo("submission", now=NOW)
    edition = result.edition
    users = {u.email: u for u in db.session.scalars(select(User))}
    assert users["organiser@example.org"].has_role(Role.ORGANISER, edition.id)
    assert users["jury@example.org"].has_role(Role.JURY, edition.id)
    assert not users["voter@example.org"].has_role(Role.JURY, edition.id)
    assert all(u.is_verified for u in users.values())
    assert verify_password(users["submitter@example.org"].password_hash, DEMO_PASSWORD)
    printed = dict(result.accounts)
    assert printed["organiser@example.org"] == "organiser"
    assert result.password == DEMO_PASSWORD


def _counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count(model.id)))
        for model in (Entry, User, ReviewAssignment, Nominee, Champion)
    )


def test_loading_again_moves_the_calendar_without_duplicating(app):
    load_demo("submission", now=NOW)
    entries = db.session.scalar(select(func.count(Entry.id)))
    again = load_demo("selection", now=NOW)
    assert not again.created
    assert again.edition.phase(NOW) is Phase.SELECTION
    assert db.session.scalar(select(func.count(Entry.id))) == entries
    counts = _counts()
    load_demo("selection", now=NOW)
    assert _counts() == counts


def test_the_nomination_demo_has_a_jury_at_work(app):
    edition = load_demo("nomination", now=NOW).edition
    juror = db.session.scalar(select(User).where(User.email == "jury@example.org"))
    mine = db.session.scalars(
        select(ReviewAssignment).where(ReviewAssignment.expert_id == juror.id)
    ).all()
    states = Counter(r.state for r in mine)
    assert states[AssignmentState.SUBMITTED] == 12
    assert states[AssignmentState.DRAFT] == 1
    assert states[AssignmentState.ASSIGNED] > 0
    assert all(r.submitted_at < NOW for r in mine if r.submitted_at)
    rows = db.session.scalars(
        select(ReviewAssignment).where(ReviewAssignment.edition_id == edition.id)
    ).all()
    per_entry = Counter(r.entry_id for r in rows)
    assert set(per_entry.values()) == {3}
    conflicted = {(c.expert_id, c.entry_id) for c in active_conflicts(edition)}
    assert not conflicted & {(r.expert_id, r.entry_id) for r in rows}
    assert nominees_of(edition) == {}


def test_the_voting_demo_has_twenty_nominees_per_category(app):
    edition = load_demo("voting", now=NOW).edition
    nominees = nominees_of(edition)
    assert {c: len(v) for c, v in nominees.items()} == {c.id: 20 for c in edition.categories}
    assert sum(len(v) for v in nominees.values()) == 360


def test_the_selection_demo_has_champions_and_a_second_round_under_way(app):
    edition = load_demo("selection", now=NOW).edition
    champions = champions_of(edition)
    # The five most-voted, and any tied with the fifth (the default tally rule).
    assert set(champions) == {c.id for c in edition.categories}
    assert all(len(v) >= 5 for v in champions.values())
    assert {ch.source for v in champions.values() for ch in v} == {VOTES}
    second = db.session.scalars(
        select(ReviewAssignment).where(ReviewAssignment.round == SELECTION_ROUND)
    ).all()
    champion_ids = {ch.entry_id for v in champions.values() for ch in v}
    assert {r.entry_id for r in second} == champion_ids
    states = Counter(r.state for r in second)
    assert states[AssignmentState.SUBMITTED] > 0
    assert states[AssignmentState.ASSIGNED] > 0


def test_unknown_phase_is_refused(app):
    with pytest.raises(ValueError, match="phase"):
        load_demo("between", now=NOW)


def test_every_submitted_demo_entry_passes_the_submission_rules(app):
    edition = load_demo("voting", now=NOW).edition
    limits = limits_of(edition)
    entries = db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)).all()
    for entry in entries:
        problems = completeness_problems(snapshot(entry), limits, NOW.date())
        if entry.state is EntryState.SUBMITTED:
            assert problems == [], entry.title
        else:  # a draft: its summary is still too short
            assert [p.field for p in problems] == ["description"], entry.title


def test_the_demo_has_several_submitters_with_entries(app):
    edition = load_demo("submission", now=NOW).edition
    owners = Counter(
        db.session.scalars(select(Entry.owner_id).where(Entry.edition_id == edition.id))
    )
    emails = {u.id: u.email for u in db.session.scalars(select(User))}
    assert len(owners) >= 3
    assert "submitter@example.org" in {emails[i] for i in owners}


def test_the_demo_reads_like_real_projects_across_regions(app):
    edition = load_demo("submission", now=NOW).edition
    entries = db.session.scalars(select(Entry).where(Entry.edition_id == edition.id)).all()
    assert len({e.region for e in entries}) >= 4
    telemedicine = next(e for e in entries if e.title.startswith("TeleClinic "))
    assert "health centres" in telemedicine.description
    words = set(" ".join(e.description for e in entries).lower().split())
    assert {"the", "project", "and"} <= words  # sentences, not a bag of keywords
    assert all(e.description.endswith(".") for e in entries)


def test_the_demo_edition_says_it_is_a_demo(app):
    assert load_demo("submission", now=NOW).edition.is_demo


def test_the_ceremony_demo_has_published_results_whose_tally_verifies(app):
    edition = load_demo("ceremony", now=NOW).edition
    assert is_published(edition)
    assert set(winners_of(edition)) == {c.id for c in edition.categories}
    snapshot = latest_snapshot(edition)
    assert snapshot is not None
    assert verify_snapshot(snapshot) == []
