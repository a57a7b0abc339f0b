"""Editions, categories and calendar changes on the database, with their audit trail."""

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from awards.audit.models import AuditEvent
from awards.contest import services
from awards.contest.rules import Phase
from awards.errors import Conflict, RuleViolation
from awards.extensions import db


def _events(action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_create_edition_with_the_wsis_categories_and_sdg_matrix(app):
    edition = services.create_edition(
        2021, "WSIS Prizes 2021", "Europe/Zurich", services.calendar_2021(), wsis_categories=True
    )
    assert [c.number for c in edition.categories] == list(range(1, 19))
    by_number = {c.number: c for c in edition.categories}
    assert by_number[3].action_line == "C3"
    assert by_number[3].suggested_sdgs == list(range(1, 18))
    assert by_number[9].name == "ICT applications: E-learning"
    assert by_number[9].suggested_sdgs == [4]
    assert by_number[18].suggested_sdgs == [17]
    assert sum(1 for c in edition.categories if c.action_line == "C7") == 8
    assert edition.phase(datetime(2021, 3, 15, 12, tzinfo=UTC)) is Phase.VOTING
    (event,) = _events("edition.created")
    assert event.edition_id == edition.id
    assert event.changes["categories"] == 18


def test_create_edition_refuses_overlapping_phases_and_names_them(app):
    dates = {**services.calendar_2021(), "voting_opens": datetime(2021, 2, 20, tzinfo=UTC)}
    with pytest.raises(services.ScheduleInvalid) as caught:
        services.create_edition(2021, "WSIS Prizes 2021", "Europe/Zurich", dates)
    assert "Nomination" in caught.value.message
    assert "voting" in caught.value.message
    assert [(p.earlier, p.later) for p in caught.value.problems] == [
        ("nomination_closes", "voting_opens")
    ]


def test_create_edition_refuses_a_second_edition_of_a_year(app, make_edition):
    make_edition(year=2021)
    with pytest.raises(Conflict):
        services.create_edition(2021, "Again", "Europe/Zurich", services.calendar_2021())


def test_create_edition_refuses_an_unknown_zone(app):
    with pytest.raises(RuleViolation) as caught:
        services.create_edition(2021, "X", "Mars/Olympus", services.calendar_2021())
    assert caught.value.field == "timezone"


def test_add_category_numbers_after_the_last_and_keeps_translations(app, make_edition):
    edition = make_edition(categories=18)
    category = services.add_category(
        edition,
        "Special Recognition",
        "SR",
        name_translations={"es": "Reconocimiento especial", "fr": " "},
        suggested_sdgs=[17, 5, 5],
    )
    assert category.number == 19
    assert category.suggested_sdgs == [5, 17]
    assert category.name_translations == {"es": "Reconocimiento especial"}
    with force_locale("es"):
        assert category.display_name == "Reconocimiento especial"
    with force_locale("fr"):
        assert category.display_name == "Special Recognition"
    (event,) = _events("category.added")
    assert event.changes["name"] == "Special Recognition"


def test_add_category_refuses_a_taken_number_and_bad_sdgs(app, make_edition):
    edition = make_edition(categories=3)
    with pytest.raises(Conflict):
        services.add_category(edition, "Twin", "C2", number=2)
    with pytest.raises(RuleViolation):
        services.add_category(edition, "Odd", "C2", suggested_sdgs=[18])
    assert len(edition.categories) == 3


def test_update_schedule_writes_old_and_new_values(app, make_edition, clock):
    edition = make_edition()
    earlier = clock.VOTING_CLOSES - timedelta(days=1)
    changes = services.update_schedule(edition, {"voting_closes": earlier})
    assert edition.voting_closes == earlier
    (event,) = _events("edition.schedule_updated")
    assert event.changes == {
        "voting_closes": {"old": clock.VOTING_CLOSES.isoformat(), "new": earlier.isoformat()}
    }
    assert changes["voting_closes"]["old"] == clock.VOTING_CLOSES


def test_update_schedule_without_change_writes_nothing(app, make_edition, clock):
    edition = make_edition()
    assert services.update_schedule(edition, {"voting_closes": clock.VOTING_CLOSES}) == {}
    assert _events("edition.schedule_updated") == []


def test_extend_deadline(app, make_edition, clock):
    edition = make_edition()
    new_at = clock.SUBMISSION_CLOSES + timedelta(hours=8)
    services.extend_deadline(edition, "submission_closes", new_at)
    assert edition.submission_closes == new_at
    assert edition.phase(clock.SUBMISSION_CLOSES + timedelta(hours=1)) is Phase.SUBMISSION
    (event,) = _events("edition.deadline_extended")
    assert event.changes["submission_closes"]["new"] == new_at.isoformat()


def test_extend_deadline_into_the_next_phase_names_both(app, make_edition, clock):
    edition = make_edition()
    with pytest.raises(services.ScheduleInvalid) as caught:
        services.extend_deadline(edition, "submission_closes", clock.DURING_NOMINATION)
    assert "Submission of projects" in caught.value.message
    assert "Nomination" in caught.value.message
    assert edition.submission_closes == clock.SUBMISSION_CLOSES
    assert _events("edition.deadline_extended") == []


def test_extend_deadline_must_move_later(app, make_edition, clock):
    edition = make_edition()
    with pytest.raises(RuleViolation):
        services.extend_deadline(edition, "voting_closes", clock.VOTING_CLOSES - timedelta(days=1))
    with pytest.raises(RuleViolation):
        services.extend_deadline(edition, "voting_opens", clock.VOTING_CLOSES)


def test_close_phase_now(app, make_edition, clock):
    edition = make_edition()
    services.close_phase_now(edition, Phase.VOTING, clock.DURING_VOTING)
    assert edition.voting_closes == clock.DURING_VOTING
    assert edition.phase(clock.DURING_VOTING) is Phase.BETWEEN
    (event,) = _events("edition.phase_closed")
    assert event.changes["voting_closes"]["old"] == clock.VOTING_CLOSES.isoformat()


def test_close_phase_now_refuses_a_phase_that_is_not_current(app, make_edition, clock):
    edition = make_edition()
    with pytest.raises(RuleViolation):
        services.close_phase_now(edition, Phase.VOTING, clock.DURING_SUBMISSION)
    assert edition.voting_closes == clock.VOTING_CLOSES


def test_closing_the_ceremony_archives_the_edition(app, make_edition, clock):
    edition = make_edition()
    services.close_phase_now(edition, Phase.CEREMONY, clock.AFTER_CEREMONY)
    assert edition.closes_at == clock.AFTER_CEREMONY
    assert edition.phase(clock.AFTER_CEREMONY) is Phase.CLOSED


def test_current_edition_is_the_latest_year(app, make_edition):
    assert services.current_edition() is None
    make_edition(year=2020)
    latest = make_edition(year=2021)
    assert services.current_edition() == latest
