"""Writing the audit trail. Every service that changes something calls :func:`record`."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from awards.audit.models import AuditEvent
from awards.extensions import db


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
