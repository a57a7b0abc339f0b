"""Writing the audit trail. Every service that changes something calls :func:`record`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import ORMExecuteState, Session, selectinload

from awards.accounts.models import User
from awards.accounts.rules import email_key
from awards.audit.models import AppendOnlyError, AuditEvent
from awards.extensions import db


@sa_event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    """Bulk ``update(AuditEvent)``/``delete(AuditEvent)`` skip the mapper's guards: refuse them.

    (Raw SQL can still change the table; a database trigger would close that, see docs.)
    """
    if (state.is_update or state.is_delete) and any(
        mapper.class_ is AuditEvent for mapper in state.all_mappers
    ):
        raise AppendOnlyError("audit events are append-only")


def _request_ip() -> str | None:
    if not has_request_context():
        return None
    return request.remote_addr


def _request_actor_id() -> int | None:
    if not has_request_context():
        return None
    return current_user.id if current_user.is_authenticated else None


def record(
    action: str,
    obj: Any,
    summary: str,
    *,
    actor_id: int | None = None,
    edition_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an event for ``obj`` (a model instance); flush, never commit.

    The actor defaults to the logged-in user and the IP to the request's, when there is one.
    """
    db.session.flush()
    event = AuditEvent(
        actor_id=actor_id if actor_id is not None else _request_actor_id(),
        edition_id=edition_id if edition_id is not None else getattr(obj, "edition_id", None),
        action=action,
        object_type=type(obj).__name__,
        object_id=str(getattr(obj, "id", "")) or None,
        summary=summary[:500],
        changes=_jsonable(changes or {}),
        ip=_request_ip(),
    )
    db.session.add(event)
    db.session.flush()
    return event


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class AuditFilter:
    """What an organiser narrows the audit trail to; every part optional."""

    action: str | None = None
    actor_email: str | None = None
    object_type: str | None = None
    edition_id: int | None = None
    #: Events at or after this instant.
    since: datetime | None = None
    #: Events strictly before this instant.
    until: datetime | None = None


def search(filters: AuditFilter, page: int = 1, per_page: int = 50) -> Pagination:
    """Events matching ``filters``, newest first, one page at a time."""

    query = select(AuditEvent).options(selectinload(AuditEvent.actor))
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.object_type:
        query = query.where(AuditEvent.object_type == filters.object_type)
    if filters.edition_id is not None:
        query = query.where(AuditEvent.edition_id == filters.edition_id)
    if filters.since is not None:
        query = query.where(AuditEvent.created_at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditEvent.created_at < filters.until)
    if filters.actor_email:
        query = query.join(User, User.id == AuditEvent.actor_id).where(
            User.email_key.contains(email_key(filters.actor_email))
        )
    query = query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False, count=True)


def known_actions() -> list[str]:
    """Every action name the trail holds, alphabetically (for the filter's choices)."""
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by("action")))


def known_object_types() -> list[str]:
    """Every object type the trail holds, alphabetically."""
    return list(
        db.session.scalars(select(AuditEvent.object_type).distinct().order_by("object_type"))
    )
