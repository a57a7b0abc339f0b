"""The public results: per edition, its statistics, the hall of fame, and receipt checks.

Nothing here answers before an edition's results are published: an unpublished year is the
same 404 as an unknown one, and only published pages may be cached (``public, max-age=300``).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from awards.contest.models import Edition
from awards.errors import NotFound, RuleViolation
from awards.extensions import db, limiter
from awards.geography import REGION_LABELS
from awards.results.models import Publication
from awards.results.public_results import (
    edition_results,
    hall_of_fame,
    publication_for_year,
    published_editions,
    statistics,
)
from awards.results.receipt_checks import ReceiptCheck, check_receipt
from awards.screening.charts import Bar, bar_chart
from awards.stakeholders import STAKEHOLDER_LABELS
from awards.transaction import rollback
from awards.voting.models import QuarantineReason

bp = Blueprint("results", __name__)

CACHE_PUBLIC = "public, max-age=300"

REASON_LABELS = {
    QuarantineReason.SUBNET: _l("many votes from one network"),
    QuarantineReason.USER_AGENT: _l("many votes from one browser signature"),
    QuarantineReason.SIGNUP_BURST: _l("a burst of new accounts"),
    QuarantineReason.NOMINEE_BURST: _l("a burst of votes for one nominee"),
    QuarantineReason.OTHER: _l("another reason stated by the organisers"),
}


def MALFORMED() -> str:  # noqa: N802 - a message, read per request in the user's language
    return gettext("This is not a receipt: check what you typed.")


def receipt_limit() -> str:
    return str(current_app.config.get("RATELIMIT_RECEIPT") or "10 per minute; 60 per hour")


@bp.after_request
def no_store_refusals(response: Any) -> Any:
    """Only a published page may be cached: a 404 (unpublished, unknown) or error never is."""
    if response.status_code >= 400:
        response.headers["Cache-Control"] = "no-store"
    return response


def _published(year: int) -> Publication:
    publication = publication_for_year(year)
    if publication is None:
        abort(404)
    return publication


def _public(body: Any, status: int = 200) -> Any:
    response = current_app.make_response((body, status))
    response.headers["Cache-Control"] = CACHE_PUBLIC
    return response


#: The voting pages' public page of a nominee, linked to when the application has one.
NOMINEE_PAGE = "voting.nominee"


def entry_link(year: int, entry_id: int) -> str | None:
    """The nominee's public page if the voting pages provide one; else no link."""
    if NOMINEE_PAGE not in current_app.view_functions:
        return None
    return url_for(NOMINEE_PAGE, year=year, nominee_id=entry_id)


@bp.get("/results")
def index() -> Any:
    editions = [db.session.get_one(Edition, p.edition_id) for p in published_editions()]
    return _public(render_template("results/index.html", editions=editions))


@bp.get("/results/<int:year>")
def edition(year: int) -> Any:
    results = edition_results(_published(year))
    return _public(render_template("results/edition.html", results=results, link=entry_link))


def _label(kind: str, key: str) -> str:
    if not key:
        return gettext("Not stated")
    if kind == "region":
        labels = {r.value: label for r, label in REGION_LABELS.items()}
    else:
        labels = {t.value: label for t, label in STAKEHOLDER_LABELS.items()}
    return str(labels.get(key, key))


@bp.get("/results/<int:year>/statistics")
def edition_statistics(year: int) -> Any:
    publication = _published(year)
    stats = statistics(publication)
    edition = db.session.get_one(Edition, publication.edition_id)
    groups = [
        (
            "region",
            gettext("Entries per region"),
            [(_label("region", k), v) for k, v in stats.regions],
        ),
        (
            "stakeholder",
            gettext("Entries per stakeholder type"),
            [(_label("stakeholder", k), v) for k, v in stats.stakeholders],
        ),
        (
            "category",
            gettext("Entries per category"),
            [(f"{c.number}. {c.display_name}", v) for c, v in stats.categories],
        ),
    ]
    charts = [
        {
            "id": f"chart-{key}",
            "title": title,
            "rows": rows,
            "svg": bar_chart(
                f"chart-{key}",
                title,
                gettext("Submitted entries of %(year)s", year=edition.year),
                [Bar(label, value) for label, value in rows],
            ),
        }
        for key, title, rows in groups
    ]
    return _public(
        render_template("results/statistics.html", edition=edition, stats=stats, charts=charts)
    )


@bp.get("/hall-of-fame")
def hall() -> Any:
    return _public(
        render_template("results/hall_of_fame.html", editions=hall_of_fame(), link=entry_link)
    )


def _check_page(
    edition: Edition, receipt: str, check: ReceiptCheck | None, error: str | None, status: int
) -> Any:
    response = current_app.make_response(
        (
            render_template(
                "results/check.html",
                edition=edition,
                receipt=receipt,
                check=check,
                error=error,
                reasons=REASON_LABELS,
            ),
            status,
        )
    )
    # The page carries a voter's receipt (a secret): never stored by a cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/results/<int:year>/check", methods=["GET", "POST"])
@limiter.limit(receipt_limit, methods=["POST"])
def check(year: int) -> Any:
    publication = _published(year)
    edition = db.session.get_one(Edition, publication.edition_id)
    if request.method == "GET":
        return _check_page(edition, "", None, None, 200)
    receipt = str(request.form.get("receipt", ""))[:200]
    try:
        result = check_receipt(edition, receipt)
    except NotFound:
        rollback()
        return _check_page(
            edition, receipt, None, gettext("No vote of this edition has this receipt."), 404
        )
    except RuleViolation:
        rollback()
        return _check_page(edition, receipt, None, MALFORMED(), 400)
    rollback()
    return _check_page(edition, receipt, result, None, 200)


@bp.get("/results/<int:year>/check/<receipt>.json")
@limiter.limit(receipt_limit)
def proof(year: int, receipt: str) -> Any:
    publication = _published(year)
    edition = db.session.get_one(Edition, publication.edition_id)
    try:
        result = check_receipt(edition, receipt)
    except NotFound:
        rollback()
        abort(404)
    except RuleViolation:
        rollback()
        return jsonify(error=MALFORMED()), 400
    rollback()
    body: dict[str, Any] = {"state": result.state.value, "category": result.category_number}
    if result.proof is not None:
        body.update(result.proof)
    if result.reason is not None:
        body["reason"] = result.reason.value
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = f'attachment; filename="proof-{year}.json"'
    return response
