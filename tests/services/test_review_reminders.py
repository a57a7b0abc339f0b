"""Reminders to the jury: one e-mail per expert with reviews to finish in the current round, in
their language, with the count, a link to their reviews and the deadline in both zones."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from awards import transaction
from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.review.models import AssignmentState, ReviewAssignment
from awards.review.reminders import remind_jury, reminder_round
from awards.submissions.models import Screening
from tests.conftest import Clock
from tests.review_factory import make_eligible, make_expert


@pytest.fixture
def world(make_edition, make_user):
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, edition.id),))
    ana = make_expert(make_user, edition, email="ana@expert.test")
    ana.name, ana.locale, ana.timezone = "Ana", "fr", "Asia/Tokyo"
    ben = make_expert(make_user, edition, email="ben@expert.test")
    ben.name = "Ben"
    cleo = make_expert(make_user, edition, email="cleo@expert.test")
    cleo.name = "Cleo"
    owner = make_user()
    entries = [make_eligible(edition, owner) for _ in range(4)]
    return edition, organiser, (ana, ben, cleo), entries


def _give(edition, expert, entry, state=AssignmentState.ASSIGNED, round_=1):
    row = ReviewAssignment(
        edition_id=edition.id,
        entry_id=entry.id,
        expert_id=expert.id,
        round=round_,
        state=state,
        submitted_at=Clock.DURING_NOMINATION if state is AssignmentState.SUBMITTED else None,
        weighted_score=7.0 if state is AssignmentState.SUBMITTED else None,
        withdrawn_at=Clock.DURING_NOMINATION if state is AssignmentState.WITHDRAWN else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _mail():
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_round_follows_the_calendar(make_edition):
    schedule = make_edition().schedule()
    assert reminder_round(schedule, Clock.DURING_SUBMISSION).round == 1
    nomination = reminder_round(schedule, Clock.DURING_NOMINATION)
    assert (nomination.round, nomination.deadline) == (1, Clock.NOMINATION_CLOSES)
    assert reminder_round(schedule, Clock.NOMINATION_CLOSES) is None  # the deadline has passed
    assert reminder_round(schedule, Clock.DURING_VOTING) is None
    selection = reminder_round(schedule, Clock.DURING_SELECTION)
    assert (selection.round, selection.deadline) == (2, Clock.SELECTION_CLOSES)
    assert reminder_round(schedule, Clock.AFTER_CEREMONY) is None


def test_each_expert_with_pending_reviews_gets_one_mail_with_the_count(world):
    edition, organiser, (ana, ben, cleo), entries = world
    _give(edition, ana, entries[0])
    _give(edition, ana, entries[1], AssignmentState.DRAFT)
    _give(edition, ana, entries[2], AssignmentState.SUBMITTED)  # done: not counted
    _give(edition, ana, entries[3], AssignmentState.WITHDRAWN)  # taken back: not counted
    _give(edition, ben, entries[0])
    _give(edition, cleo, entries[1], AssignmentState.SUBMITTED)  # nothing left to do
    reminded = remind_jury(edition, actor=organiser, now=Clock.DURING_NOMINATION)
    assert [(u.name, n) for u, n in reminded] == [("Ana", 2), ("Ben", 1)]
    mail = _mail()
    assert [m.recipient for m in mail] == ["ana@expert.test", "ben@expert.test"]
    assert "2" in mail[0].body_text
    assert "1" in mail[1].body_text
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "review.reminders_sent")
    ).all()
    assert len(events) == 1
    assert events[0].changes["experts"] == [[ana.id, 2], [ben.id, 1]]


def test_the_mail_is_in_the_experts_language_with_the_deadline_in_both_zones(world):
    edition, organiser, (ana, ben, _), entries = world
    _give(edition, ana, entries[0])
    _give(edition, ben, entries[0])
    remind_jury(edition, actor=organiser, now=Clock.DURING_NOMINATION)
    french, english = _mail()
    assert french.locale == "fr"
    assert french.subject.startswith("Rappel")
    # 26 February 2021, 23:00 in Geneva is 27 February, 07:00 in Tokyo.
    assert "23:00" in french.body_text
    assert "07:00" in french.body_text
    assert "27 février 2021" in french.body_text
    assert english.subject == f"Reminder: your reviews for {edition.title}"
    assert "Reviews still to finish: 1" in english.body_text
    assert "26 February 2021, 23:00 Geneva time" in english.body_text
    links = re.findall(r"http://awards\.test\S+", english.body_text)
    assert links == [f"http://awards.test/jury/editions/{edition.id}/reviews"]


def test_entries_no_longer_reviewed_do_not_count(world):
    edition, organiser, (ana, _, _), entries = world
    _give(edition, ana, entries[0])
    _give(edition, ana, entries[1])
    entries[1].screening, entries[1].ineligible_reason = Screening.INELIGIBLE, "other"
    reminded = remind_jury(edition, actor=organiser, now=Clock.DURING_NOMINATION)
    assert [(u.name, n) for u, n in reminded] == [("Ana", 1)]


def test_during_selection_only_round_two_is_reminded(world):
    edition, organiser, (ana, ben, _), entries = world
    _give(edition, ana, entries[0])  # round 1, left over
    _give(edition, ben, entries[0], round_=2)
    reminded = remind_jury(edition, actor=organiser, now=Clock.DURING_SELECTION)
    assert [(u.name, n) for u, n in reminded] == [("Ben", 1)]
    assert "final selection" in _mail()[0].body_text


def test_no_reminder_when_no_round_is_open(world):
    edition, organiser, (ana, _, _), entries = world
    _give(edition, ana, entries[0])
    with pytest.raises(RuleViolation, match="No review round is open"):
        remind_jury(edition, actor=organiser, now=Clock.DURING_VOTING)
    assert _mail() == []


def test_nobody_pending_sends_nothing_and_records_nothing(world):
    edition, organiser, _, _ = world
    assert list(remind_jury(edition, actor=organiser, now=Clock.DURING_NOMINATION)) == []
    assert _mail() == []
    assert not db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "review.reminders_sent")
    ).all()


def test_someone_no_longer_on_the_jury_is_not_reminded(world):
    edition, organiser, (ana, ben, _), entries = world
    _give(edition, ana, entries[0])
    _give(edition, ben, entries[0])
    ben.is_active_account = False
    reminded = remind_jury(edition, actor=organiser, now=Clock.DURING_NOMINATION)
    assert [u.name for u, _ in reminded] == ["Ana"]


def test_only_an_organiser_sends_reminders(world):
    edition, _, (ana, _, _), entries = world
    _give(edition, ana, entries[0])
    with pytest.raises(NotAllowed):
        remind_jury(edition, actor=ana, now=Clock.DURING_NOMINATION)


def test_reminders_reach_a_real_smtp_server(world, app, smtp_mail, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_DELIVER_AFTER_COMMIT", True)
    edition, organiser, (_, ben, _), entries = world
    _give(edition, ben, entries[0])
    _give(edition, ben, entries[1])
    with app.test_request_context():
        remind_jury(edition, actor=organiser, now=Clock.DURING_NOMINATION)
        transaction.commit()
    received = smtp_mail.wait_for("ben@expert.test", "Reminder")
    assert "Reviews still to finish: 2" in received.text
    assert f"/jury/editions/{edition.id}/reviews" in received.html
