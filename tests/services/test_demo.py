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
from awards.review.nominees import confirmed_categories, nominees_of
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
    assert Counter(e.category_id for e in submitted) == {c.id: 3 for c in edition.categories}
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


def test_loading_again_moves_the_calendar_without_duplicating(app):
    load_demo("submission", now=NOW)
    entries = db.session.scalar(select(func.count(Entry.id)))
    users = db.session.scalar(select(func.count(User.id)))
    again = load_demo("selection", now=NOW)
    assert not again.created
    assert again.edition.phase(NOW) is Phase.SELECTION
    assert db.session.scalar(select(func.count(Entry.id))) == entries
    assert db.session.scalar(select(func.count(User.id))) == users


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


def test_the_demo_in_the_voting_phase_has_nominees_to_vote_for(app):
    """Until the Expert Group nominates, the demo nominates itself (awards/demo_voting.py)."""
    edition = load_demo("voting", now=NOW).edition
    nominees = nominees_of(edition)
    assert set(nominees) == {c.id for c in edition.categories}
    assert all(len(entries) == 3 for entries in nominees.values())
    assert confirmed_categories(edition) == set(nominees)
    again = load_demo("voting", now=NOW).edition  # a second run adds none
    assert sum(map(len, nominees_of(again).values())) == 3 * len(edition.categories)


def test_the_demo_before_voting_has_no_nominees(app):
    assert nominees_of(load_demo("submission", now=NOW).edition) == {}
