"""The audit trail: append-only, and searchable by organisers."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from awards.audit.models import AppendOnlyError, AuditEvent
from awards.audit.services import AuditFilter, record, search
from awards.extensions import db


def test_an_event_cannot_be_changed(app, make_edition):
    event = record("edition.created", make_edition(), "created")
    event.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_an_event_cannot_be_deleted(app, make_edition):
    event = record("edition.created", make_edition(), "created")
    db.session.delete(event)
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_bulk_updates_and_deletes_are_refused_too(app, make_edition):
    record("edition.created", make_edition(), "created")
    with pytest.raises(AppendOnlyError):
        db.session.execute(update(AuditEvent).values(summary="rewritten"))
    db.session.rollback()
    record("edition.created", make_edition(year=2022), "created")
    with pytest.raises(AppendOnlyError):
        db.session.execute(delete(AuditEvent))
    db.session.rollback()


@pytest.fixture
def trail(app, make_edition, make_user):
    """Four events: two editions, two actors, three days."""
    first, second = make_edition(year=2021), make_edition(year=2022)
    ana = make_user(email="ana@example.org")
    ben = make_user(email="ben@example.org")
    day = datetime(2021, 2, 1, 12, tzinfo=UTC)
    db.session.add_all(
        [
            AuditEvent(
                action="edition.created",
                object_type="Edition",
                object_id=str(first.id),
                edition_id=first.id,
                actor_id=ana.id,
                summary="first",
                created_at=day,
            ),
            AuditEvent(
                action="category.added",
                object_type="Category",
                object_id="1",
                edition_id=first.id,
                actor_id=ben.id,
                summary="second",
                created_at=day + timedelta(days=1),
            ),
            AuditEvent(
                action="edition.created",
                object_type="Edition",
                object_id=str(second.id),
                edition_id=second.id,
                actor_id=ben.id,
                summary="third",
                created_at=day + timedelta(days=2),
            ),
            AuditEvent(
                action="role.granted",
                object_type="User",
                object_id=str(ana.id),
                summary="fourth",
                created_at=day + timedelta(days=2, hours=1),
            ),
        ]
    )
    db.session.flush()
    return {"first": first, "second": second, "ana": ana, "ben": ben, "day": day}


def _summaries(filters):
    return [e.summary for e in search(filters).items]


def test_search_is_newest_first(trail):
    assert _summaries(AuditFilter()) == ["fourth", "third", "second", "first"]


@pytest.mark.parametrize(
    ("make_filter", "expected"),
    [
        (lambda t: AuditFilter(action="edition.created"), ["third", "first"]),
        (lambda t: AuditFilter(actor_email="BEN@example.org"), ["third", "second"]),
        (lambda t: AuditFilter(actor_email="ana@"), ["first"]),
        (lambda t: AuditFilter(object_type="Category"), ["second"]),
        (lambda t: AuditFilter(edition_id=t["first"].id), ["second", "first"]),
        (
            lambda t: AuditFilter(
                since=t["day"] + timedelta(hours=1), until=t["day"] + timedelta(days=2)
            ),
            ["second"],
        ),
        (
            lambda t: AuditFilter(action="edition.created", edition_id=t["second"].id),
            ["third"],
        ),
    ],
)
def test_search_filters(trail, make_filter, expected):
    assert _summaries(make_filter(trail)) == expected


def test_search_pages(trail):
    page = search(AuditFilter(), page=2, per_page=3)
    assert page.total == 4
    assert [e.summary for e in page.items] == ["first"]
    assert db.session.scalar(select(AuditEvent).limit(1)) is not None
