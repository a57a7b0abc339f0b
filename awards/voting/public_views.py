"""The voters' pages: nominees by category, a page per nominee, the confirmation step that
casts the vote, the receipt, and the voter's own votes.

Browsing is public from the moment voting opens; voting needs ``Action.PARTICIPATE`` (a
verified, active account). Casting is POST-only (a GET of the cast address is 405), with CSRF,
rate limits per address and per account, and answers success (303 to the receipt) only after
the commit. No page shows a count, a rank or a share of anyone's votes: the voter's own votes
are all a page ever reads.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from awards import clock
from awards.access.gate import authorise, current_actor, requires
from awards.access.rules import Action, Actor, Target, can
from awards.contest.models import Edition
from awards.contest.services import current_edition
from awards.extensions import db, limiter
from awards.geography import REGION_LABELS
from awards.links import external_url
from awards.stakeholders import STAKEHOLDER_LABELS
from awards.submissions.models import Entry
from awards.transaction import commit
from awards.voting import ballots
from awards.voting.ballot_forms import CastForm, category_numbered, posted_number
from awards.voting.nominee_cards import card_of, excerpt
from awards.voting.nominee_images import phone_copy, phone_size
from awards.voting.nominee_listing import (
    CategoryGroup,
    Filters,
    category_groups,
    first_images,
    nominee_in,
    nominees_public,
)
from awards.voting.nominee_rows import nominee_rows
from awards.voting.receipts import grouped, parse
from awards.voting.rules import Refusal, voting_open
from awards.voting.settings import voting_settings_of

bp = Blueprint("voting", __name__, url_prefix="/vote")

#: Nominees' phone images: a day in any cache (a new image gets a new stored name).
IMAGE_MAX_AGE = 86400


def _limit(key: str) -> Any:
    return lambda: str(current_app.config[key])


def _account_key() -> str:
    """The per-account limit's key (a visitor's address when nobody is signed in)."""
    if current_user.is_authenticated:
        return f"vote-account:{current_user.id}"
    return f"vote-address:{request.remote_addr}"


def _locale() -> str:
    return str(get_locale() or "en")


#: Every voting page's first query, built once (a page binds the year).
_EDITION = (
    select(Edition).options(joinedload(Edition.categories)).where(Edition.year == bindparam("year"))
)


def _edition(year: int) -> Edition:
    """The edition of ``year`` with its categories (one query), or 404."""
    return db.session.scalars(_EDITION, {"year": year}).unique().first() or abort(404)


def _viewer() -> Any:
    return current_user._get_current_object() if current_user.is_authenticated else None


def _must_confirm_email(actor: Actor | None = None) -> Any:
    """For a signed-in account that has not confirmed its address: the 403 page saying so."""
    actor = current_actor() if actor is None else actor
    if actor.signed_in and not actor.verified and not can(actor, Action.PARTICIPATE):
        return render_template("voting/confirm_email.html"), 403
    return None


bp.add_app_template_filter(nominee_rows, "nominee_rows")


@bp.app_template_filter("receipt")
def receipt_filter(receipt: str) -> str:
    """``{{ vote.receipt|receipt }}``: the receipt in readable groups."""
    return grouped(receipt)


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {
        "region_labels": {k.value: str(v) for k, v in REGION_LABELS.items()},
        "stakeholder_labels": {k.value: str(v) for k, v in STAKEHOLDER_LABELS.items()},
        "phone_size": phone_size,
    }


def _state(edition: Edition) -> dict[str, Any]:
    """What every voting page of ``edition`` shares: the clock read once, the voter's votes."""
    now = clock.utcnow()
    viewer = _viewer()
    return {
        "edition": edition,
        # Built once: a page of 20 cards or 360 rows would otherwise call url_for for each.
        "nominee_base": url_for(".edition", year=edition.year) + "/nominees/",
        "now": now,
        "phase_open": voting_open(edition.voting_opens, edition.voting_closes, now),
        "public": nominees_public(edition, now),
        "settings": voting_settings_of(edition),
        "viewer": viewer,
        "voted": ballots.voted_categories(viewer, edition),
    }


@bp.get("")
def index() -> ResponseReturnValue:
    edition = current_edition()
    if edition is None:
        abort(404)
    return redirect(url_for(".edition", year=edition.year))


@bp.get("/<int:year>")
def edition(year: int) -> ResponseReturnValue:
    state = _state(_edition(year))
    edition = state["edition"]
    filters = Filters.from_args(request.args, (c.number for c in edition.categories))
    groups: list[CategoryGroup] = []
    options = None
    if state["public"]:
        groups, options = category_groups(
            edition,
            filters,
            viewer_id=state["viewer"] and state["viewer"].id,
            voted=state["voted"],
            locale=_locale(),
        )
    progress = ballots.progress(state["voted"], {g.category.id for g in groups})
    return render_template(
        "voting/edition.html",
        groups=groups,
        options=options,
        filters=filters,
        progress=progress,
        **state,
    )


@bp.get("/<int:year>/categories/<int:number>")
def category(year: int, number: int) -> ResponseReturnValue:
    state = _state(_edition(year))
    edition = state["edition"]
    chosen = next((c for c in edition.categories if c.number == number), None) or abort(404)
    filters = Filters.from_args(request.args)
    groups, options = category_groups(
        edition,
        filters,
        viewer_id=state["viewer"] and state["viewer"].id,
        voted=state["voted"],
        locale=_locale(),
        only=chosen,
        with_images=True,
    )
    if not state["public"] or not groups:
        abort(404)
    return render_template(
        "voting/category.html",
        category=chosen,
        group=groups[0],
        options=options,
        filters=filters,
        **state,
    )


def _nominee(state: dict[str, Any], nominee_id: int) -> Entry:
    if not state["public"]:
        abort(404)
    return nominee_in(state["edition"], nominee_id) or abort(404)


@bp.get("/<int:year>/nominees/<int:nominee_id>")
def nominee(year: int, nominee_id: int) -> ResponseReturnValue:
    state = _state(_edition(year))
    entry = _nominee(state, nominee_id)
    image = first_images([entry.id]).get(entry.id)
    card = card_of(
        entry, _locale(), chosen=state["voted"].get(entry.category_id) == entry.id, image=image
    )
    share = {
        "url": external_url("voting.nominee", year=year, nominee_id=entry.id),
        "description": excerpt(entry.description, 40),
        "image": image and external_url("voting.nominee_image", year=year, nominee_id=entry.id),
    }
    return render_template("voting/nominee.html", entry=entry, card=card, share=share, **state)


@bp.get("/<int:year>/nominees/<int:nominee_id>/image")
def nominee_image(year: int, nominee_id: int) -> ResponseReturnValue:
    entry = _nominee(_state(_edition(year)), nominee_id)
    image = first_images([entry.id]).get(entry.id) or abort(404)
    path = phone_copy(image, current_app.config["UPLOAD_FOLDER"]) or abort(404)
    response = send_file(path, mimetype=image.content_type, max_age=IMAGE_MAX_AGE, conditional=True)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}"
    return response


@bp.get("/<int:year>/nominees/<int:nominee_id>/confirm")
def confirm(year: int, nominee_id: int) -> ResponseReturnValue:
    if (refusal := _must_confirm_email()) is not None:
        return refusal
    authorise(Action.PARTICIPATE)
    state = _state(_edition(year))
    entry = _nominee(state, nominee_id)
    decision = ballots.decide(current_user, entry, now=state["now"])
    current = ballots.current_vote(current_user, entry.category_id)
    message = None if decision.refusal is None else ballots.MESSAGES[decision.refusal]
    form = CastForm(category=str(entry.category.number))
    return render_template(
        "voting/confirm.html",
        entry=entry,
        decision=decision,
        message=message,
        current=current,
        form=form,
        Refusal=Refusal,
        **state,
    ), decision.status


@bp.post("/<int:year>/nominees/<int:nominee_id>/cast")
@limiter.limit(_limit("RATELIMIT_VOTE"), scope="vote")
@limiter.limit(_limit("RATELIMIT_VOTE_ACCOUNT"), key_func=_account_key, scope="vote-account")
def cast(year: int, nominee_id: int) -> ResponseReturnValue:
    actor = current_actor()
    if (refusal := _must_confirm_email(actor)) is not None:
        return refusal
    authorise(Action.PARTICIPATE, actor=actor)
    voter = current_user._get_current_object()
    target = ballots.ballot_entry(year, nominee_id, voter.id) or abort(404)
    # The CastForm's one field (CSRFProtect checked its token before the view ran).
    number = posted_number(request.form)
    category_id = target.category_id
    if number != target.category_number:  # another category of the edition (refused), or none
        edition = db.session.get_one(Edition, target.edition_id)
        category_id = (category_numbered(edition, number) or abort(400)).id
    vote = ballots.cast_ballot(
        voter,
        target,
        now=clock.utcnow(),
        evidence=_evidence(),
        category_id=category_id,
        actor=actor,
    )
    receipt = vote.receipt
    # Nothing is read from the database once the vote is committed (the account included, which
    # the response's headers ask about): the answer cannot fail after the vote is stored.
    db.session().expire_on_commit = False
    commit()
    return redirect(url_for(".receipt", year=year, receipt=receipt), 303)


def _evidence() -> ballots.Evidence:
    return ballots.Evidence(
        ip=request.remote_addr,
        user_agent=request.headers.get("User-Agent", ""),
        accept_language=request.headers.get("Accept-Language", ""),
    )


@bp.get("/<int:year>/receipts/<receipt>")
@requires(Action.PARTICIPATE)
def receipt(year: int, receipt: str) -> ResponseReturnValue:
    edition = _edition(year)
    canonical = parse(receipt) or abort(404)
    vote = ballots.receipt_vote(canonical)
    if vote is None or vote.edition_id != edition.id:
        abort(404)
    # Only its voter sees a receipt's page: anyone else learns nothing (404).
    authorise(Action.ACT_AS_OWNER, Target(edition_id=edition.id, owner_id=vote.voter_id), hide=True)
    if canonical != receipt:
        return redirect(url_for(".receipt", year=year, receipt=canonical))
    state = _state(edition)
    current = ballots.current_vote(current_user, vote.category_id)
    progress, remaining = _progress(state)
    return render_template(
        "voting/receipt.html",
        vote=vote,
        replaced=current is not None and current.id != vote.id,
        progress=progress,
        next_category=remaining[0] if remaining else None,
        **state,
    )


def _progress(state: dict[str, Any]) -> tuple[ballots.Progress, list[Any]]:
    """The voter's progress and the categories with nominees not voted in yet."""
    groups, _ = category_groups(
        state["edition"], Filters(), viewer_id=None, voted=state["voted"], locale=_locale()
    )
    remaining = [g.category for g in groups if g.category.id not in state["voted"]]
    return ballots.progress(state["voted"], {g.category.id for g in groups}), remaining


@bp.get("/<int:year>/my-votes")
@requires(Action.PARTICIPATE)
def my_votes(year: int) -> ResponseReturnValue:
    state = _state(_edition(year))
    votes = ballots.my_votes(current_user, state["edition"])
    progress, remaining = _progress(state)
    return render_template(
        "voting/my_votes.html", votes=votes, progress=progress, remaining=remaining, **state
    )
