"""Telling the nominees the published results: each person once, even across a failure."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from awards.errors import RuleViolation
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.results import notifications
from awards.results.models import ResultNotice
from awards.results.notifications import notification_progress, notify_results
from awards.submissions.models import EntryMember, MemberRole
from tests.published_results import AFTER, build, publish_world


@pytest.fixture
def world(make_edition, make_user):  # type: ignore[no-untyped-def]
    world = build(make_edition, make_user)
    member = make_user("member@example.org", locale="fr")
    world.first[0].members.append(EntryMember(user_id=member.id, role=MemberRole.EDITOR))
    db.session.flush()
    return world


def _mail_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)))


def test_refused_before_publication(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation, match="Publish the results"):
        notify_results(world.edition, actor=world.organiser, now=AFTER)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_each_person_is_told_in_their_language(world) -> None:  # type: ignore[no-untyped-def]
    publish_world(world)
    assert notification_progress(world.edition) == (0, 5)
    assert notify_results(world.edition, actor=world.organiser, now=AFTER) == 5
    assert notification_progress(world.edition) == (5, 5)
    (french,) = _mail_to("member@example.org")
    assert french.locale == "fr"
    assert french.template == "results_winner"
    owner = sorted(m.template for m in _mail_to("owner@example.org"))
    # one Champion per category, each its Winner; the other two stayed nominees
    assert owner == ["results_nominee", "results_nominee", "results_winner", "results_winner"]
    assert notify_results(world.edition, actor=world.organiser, now=AFTER) == 0


def test_a_rerun_after_a_failure_sends_nothing_twice(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    publish_world(world)
    db.session.commit()
    real = notifications.queue_mail
    calls = {"n": 0}

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise ConnectionError("SMTP template server down")
        return real(*args, **kwargs)

    monkeypatch.setattr(notifications, "queue_mail", failing)
    with pytest.raises(ConnectionError):
        # as the CLI does: commit after each entry
        notify_results(
            world.edition,
            actor=world.organiser,
            now=AFTER,
            after_entry=lambda e, n: db.session.commit(),
        )
    db.session.rollback()
    told = db.session.scalar(select(func.count(ResultNotice.id)))
    assert 0 < told < 5
    monkeypatch.setattr(notifications, "queue_mail", real)
    notify_results(world.edition, actor=world.organiser, now=AFTER)
    recipients = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert len(recipients) == 5
    assert sorted(recipients).count("member@example.org") == 1
    pairs = db.session.execute(select(ResultNotice.entry_id, ResultNotice.user_id)).all()
    assert len(set(pairs)) == 5
