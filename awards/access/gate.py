"""The gate every view uses: :func:`authorise` inside a view, :func:`requires` on a route.

Anonymous visitors are sent to sign in, unverified accounts to the verification page; a
signed-in account without the right gets 403. Where the object's existence is private
(``hide=True``) everyone without the right, signed in or not, gets 404: the same answer as for
an object that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar

from flask import abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from awards.access.rules import ANONYMOUS, EVERYWHERE, Action, Actor, Target, can

F = TypeVar("F", bound=Callable[..., Any])


def actor_of(user: Any) -> Actor:
    """The pure :class:`Actor` for a Flask-Login user (anonymous when not signed in)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return Actor(
        user_id=user.id,
        verified=user.is_verified,
        active=user.is_active,
        grants=frozenset((g.role, g.edition_id) for g in user.roles),
    )


def current_actor() -> Actor:
    """The actor of the current request."""
    return actor_of(current_user)


def _refuse(actor: Actor, hide: bool) -> NoReturn:
    if hide:
        abort(404)
    if not actor.signed_in:
        raise HTTPException(response=redirect(url_for("accounts.login", next=request.full_path)))
    if not actor.verified:
        raise HTTPException(response=redirect(url_for("accounts.unverified")))
    abort(404 if hide else 403)


def authorise(
    action: Action, target: Target = EVERYWHERE, *, hide: bool = False, actor: Actor | None = None
) -> Actor:
    """Stop the request unless the current actor may do ``action`` on ``target``.

    ``actor`` is the current actor when the view already made it (:func:`current_actor`).
    """
    actor = current_actor() if actor is None else actor
    if not can(actor, action, target):
        _refuse(actor, hide)
    return actor


def may(action: Action, target: Target = EVERYWHERE) -> bool:
    """Whether the current actor may do ``action`` (for links and buttons in view models)."""
    return can(current_actor(), action, target)


def requires(action: Action, *, edition_arg: str | None = None) -> Callable[[F], F]:
    """Route decorator: ``authorise(action, Target(edition))`` before the view runs.

    ``edition_arg`` names the view argument holding the edition's id; without it the target is
    the platform as a whole (``ORGANISE`` then needs a global grant).
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            edition_id = kwargs.get(edition_arg) if edition_arg else None
            authorise(action, Target(edition_id=edition_id))
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]  # wraps() keeps the signature F

    return decorator
