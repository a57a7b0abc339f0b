"""Organisers' use cases on the database: screening (bulk), moves, duplicates."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from awards.audit.models import AuditEvent
from awards.errors import Conflict, RuleViolation
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.screening.decisions import entry_history, screen_entries
from awards.screening.duplicate_reviews import duplicate_pairs, mark_distinct, withdraw_duplicate
from awards.screening.moves import move_entry
from awards.submissions.models import DuplicateReview, EntryState, Screening
from tests.entry_factory import make_entry


@pytest.fixture
def edition(make_edition):
    return make_edition(year=2021, categories=3)


@pytest.fixture
def organiser(make_user):
    return make_user(email="organiser@example.org", name="Olga Organiser")


def _mails(template):
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id)
    ).all()


def _events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_bulk_screening_sends_one_mail_per_recipient_and_audits_each_entry(
    edition, make_user, clock, organiser
):
    ana = make_user(email="ana@example.org", locale="es")
    bo = make_user(email="bo@example.org", locale="fr")
    cy = make_user(email="cy@example.org")
    first = make_entry(edition, ana, members=[bo], title="Solar schools")
    second = make_entry(edition, ana, title="Mobile clinics")
    third = make_entry(edition, cy, members=[bo], title="Farm prices by SMS")

    outcome = screen_entries(
        [first, second, third],
        Screening.INELIGIBLE,
        reason="not_in_english",
        actor=organiser,
        now=clock.DURING_NOMINATION,
    )

    assert outcome.decided == [first, second, third]
    for entry in (first, second, third):
        assert entry.screening is Screening.INELIGIBLE
        assert entry.ineligible_reason == "not_in_english"
        assert entry.screened_at == clock.DURING_NOMINATION
    mails = _mails("entry_screened")
    assert sorted(m.recipient for m in mails) == [
        "ana@example.org",
        "bo@example.org",
        "cy@example.org",
    ]
    by_recipient = {m.recipient: m for m in mails}
    assert by_recipient["ana@example.org"].locale == "es"
    assert "Solar schools" in by_recipient["ana@example.org"].body_text
    assert "Mobile clinics" in by_recipient["ana@example.org"].body_text
    assert "Farm prices by SMS" not in by_recipient["ana@example.org"].body_text
    assert "Farm prices by SMS" in by_recipient["bo@example.org"].body_text
    assert "Not in English" in by_recipient["cy@example.org"].body_text
    events = _events("entry.screened")
    assert sorted(int(e.object_id) for e in events) == sorted([first.id, second.id, third.id])
    assert events[0].changes["screening"] == ["pending", "ineligible"]
    assert events[0].changes["ineligible_reason"] == [None, "not_in_english"]


def test_bulk_screening_skips_entries_that_refuse_and_keeps_them_unchanged(
    edition, make_user, clock, organiser
):
    owner = make_user()
    submitted = make_entry(edition, owner)
    draft = make_entry(edition, owner, state=EntryState.DRAFT)
    already = make_entry(edition, owner, screening=Screening.ELIGIBLE)
    outcome = screen_entries(
        [submitted, draft, already],
        Screening.ELIGIBLE,
        actor=organiser,
        now=clock.DURING_SUBMISSION,
    )
    assert outcome.decided == [submitted]
    assert [entry for entry, _ in outcome.refused] == [draft, already]
    assert draft.screening is Screening.PENDING
    assert len(_events("entry.screened")) == 1


def test_screening_outside_the_window_changes_nothing(edition, make_user, clock, organiser):
    entry = make_entry(edition, make_user())
    with pytest.raises(RuleViolation, match="until nomination closes"):
        screen_entries([entry], Screening.ELIGIBLE, actor=organiser, now=clock.DURING_VOTING)
    assert entry.screening is Screening.PENDING
    assert _mails("entry_screened") == []


def test_changing_a_decision_back_to_eligible_clears_the_reason(
    edition, make_user, clock, organiser
):
    entry = make_entry(
        edition, make_user(), screening=Screening.INELIGIBLE, ineligible_reason="duplicate"
    )
    screen_entries([entry], Screening.ELIGIBLE, actor=organiser, now=clock.DURING_NOMINATION)
    db.session.flush()
    assert entry.screening is Screening.ELIGIBLE
    assert entry.ineligible_reason is None
    assert [e.action for e in entry_history(entry)] == ["entry.screened"]


def test_move_category_audits_mails_and_bumps_the_version(edition, make_user, clock, organiser):
    owner = make_user(email="owner@example.org", locale="ru")
    entry = make_entry(edition, owner, category=1)
    version = entry.version
    target = edition.categories[2]
    move_entry(entry, target, actor=organiser, now=clock.DURING_SUBMISSION)
    db.session.flush()
    assert entry.category_id == target.id
    assert entry.version == version + 1
    [event] = _events("entry.moved")
    assert event.changes["category_id"] == [edition.categories[0].id, target.id]
    [mail] = _mails("entry_moved")
    assert mail.recipient == "owner@example.org"
    assert mail.locale == "ru"
    assert "Category 3" in mail.body_text


@pytest.mark.parametrize("instant", ["DURING_NOMINATION", "DURING_VOTING", "DURING_SELECTION"])
def test_move_category_refused_from_nomination_on(edition, make_user, clock, instant, organiser):
    entry = make_entry(edition, make_user(), category=1)
    with pytest.raises(RuleViolation, match="before nomination opens"):
        move_entry(entry, edition.categories[1], actor=organiser, now=getattr(clock, instant))
    assert entry.category.number == 1


def test_move_refused_when_the_organisation_already_has_an_entry_there(
    edition, make_user, clock, organiser
):
    owner = make_user()
    make_entry(edition, owner, category=2, entity_name="Ministry", entity_key="ministry")
    entry = make_entry(edition, owner, category=1, entity_name="Ministry", entity_key="ministry")
    with pytest.raises(Conflict, match="one entry per organisation per category"):
        move_entry(entry, edition.categories[1], actor=organiser, now=clock.DURING_SUBMISSION)


def test_duplicate_pairs_leave_out_withdrawn_and_reviewed_entries(
    edition, make_user, clock, organiser
):
    owner = make_user()
    a = make_entry(
        edition, owner, title="Rural Broadband for All", title_key="rural broadband for all"
    )
    b = make_entry(
        edition, owner, title="Rural broadband for all!", title_key="rural broadband for all"
    )
    make_entry(
        edition,
        owner,
        title="Rural broadband for all",
        state=EntryState.WITHDRAWN,
    )
    c = make_entry(edition, owner, title="Water sensors", website_key="water.org")
    d = make_entry(edition, owner, title="Sensing rivers", website_key="water.org")
    found = {(p.a.id, p.b.id) for p in duplicate_pairs(edition)}
    assert found == {(a.id, b.id), (c.id, d.id)}
    mark_distinct(edition, d.id, c.id, actor=organiser, now=clock.DURING_SUBMISSION)
    assert {(p.a.id, p.b.id) for p in duplicate_pairs(edition)} == {(a.id, b.id)}
    review = db.session.scalar(select(DuplicateReview))
    assert (review.entry_a_id, review.entry_b_id, review.decision) == (c.id, d.id, "distinct")
    assert len(_events("entry.duplicate_distinct")) == 1


def test_duplicates_are_per_edition(make_edition, make_user):
    owner = make_user()
    one, two = make_edition(year=2020), make_edition(year=2021)
    make_entry(one, owner, title="Rural broadband")
    make_entry(two, owner, title="Rural broadband")
    assert duplicate_pairs(two) == []


def test_withdraw_duplicate(edition, make_user, clock, organiser):
    owner = make_user(email="o@example.org")
    keep = make_entry(edition, owner, title="Rural broadband")
    drop = make_entry(edition, owner, title="Rural broadband", screening=Screening.ELIGIBLE)
    withdraw_duplicate(edition, drop.id, keep.id, actor=organiser, now=clock.DURING_SUBMISSION)
    db.session.flush()
    assert drop.state is EntryState.WITHDRAWN
    assert drop.withdrawn_at == clock.DURING_SUBMISSION
    assert drop.screening is Screening.PENDING
    [event] = _events("entry.withdrawn_duplicate")
    assert event.changes["duplicate_of"] == [None, keep.id]
    assert event.changes["screening"] == ["eligible", "pending"]
    [mail] = _mails("entry_withdrawn_duplicate")
    assert "Rural broadband" in mail.body_text
    assert duplicate_pairs(edition) == []
    with pytest.raises(Conflict):
        withdraw_duplicate(edition, drop.id, keep.id, actor=organiser, now=clock.DURING_SUBMISSION)


def test_pair_from_another_edition_is_refused(make_edition, make_user, clock, organiser):
    owner = make_user()
    one, two = make_edition(year=2020), make_edition(year=2021)
    a = make_entry(one, owner)
    b = make_entry(two, owner)
    with pytest.raises(RuleViolation, match="this edition"):
        mark_distinct(two, a.id, b.id, actor=organiser, now=clock.DURING_SUBMISSION)


def test_screening_moves_and_duplicates_name_the_organiser_who_acted(edition, make_user, clock):
    """Each service records the organiser passed in (not whoever a request might hold)."""
    olga = make_user(email="olga@example.org", name="Olga")
    owner = make_user()
    screened = make_entry(edition, owner, title="Solar schools")
    moved = make_entry(edition, owner, title="Mobile clinics", category=1)
    keep = make_entry(edition, owner, title="Rural broadband")
    drop = make_entry(edition, owner, title="Rural broadband")
    screen_entries([screened], Screening.ELIGIBLE, actor=olga, now=clock.DURING_NOMINATION)
    move_entry(moved, edition.categories[1], actor=olga, now=clock.DURING_SUBMISSION)
    withdraw_duplicate(edition, drop.id, keep.id, actor=olga, now=clock.DURING_SUBMISSION)
    actions = ("entry.screened", "entry.moved", "entry.withdrawn_duplicate")
    assert [[e.actor_id for e in _events(a)] for a in actions] == [[olga.id]] * 3
    review = db.session.scalar(select(DuplicateReview))
    assert review.decided_by_id == olga.id
