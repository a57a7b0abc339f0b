"""Certificates: the public verification page, the team's and organisers' downloads, the ZIP.

``/c/<code>`` says plainly whether a code is a certificate of the WSIS Prizes (404 when it is
not, or before the results are published). ``/results/<year>/certificates/<entry id>.pdf`` is
the entry's certificate for its team and the edition's organisers (404 for everyone else);
``?kind=champion`` gives a Winner its Champion certificate too.
``/organise/editions/<id>/certificates.zip`` holds every certificate of the edition.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from awards.access.gate import authorise, may, requires
from awards.access.rules import Action
from awards.contest.models import Edition
from awards.extensions import db
from awards.results.certificates import (
    KINDS,
    certificate_for,
    certificate_pdf,
    certificates_zip,
    find_certificate,
    kind_label,
)
from awards.results.publication import is_published

bp = Blueprint("certificates", __name__)


@bp.get("/c/<code>")
def verify(code: str) -> ResponseReturnValue:
    certificate = find_certificate(code)
    if certificate is None:
        return render_template("certificates/verify.html", certificate=None), 404
    return render_template(
        "certificates/verify.html", certificate=certificate, kind=kind_label(certificate.kind)
    )


@bp.get("/results/<int:year>/certificates/<int:entry_id>.pdf")
def download(year: int, entry_id: int) -> Response:
    edition = db.session.scalar(select(Edition).where(Edition.year == year))
    kind = request.args.get("kind")
    if edition is None or (kind is not None and kind not in KINDS):
        abort(404)
    certificate = certificate_for(edition, entry_id, kind)
    if certificate is None:
        abort(404)
    target = certificate.entry.access_target()
    if not may(Action.ORGANISE, target):
        authorise(Action.ACT_AS_TEAM, target, hide=True)
    return _file(certificate_pdf(certificate), "application/pdf", certificate.file_name)


@bp.get("/organise/editions/<int:edition_id>/certificates.zip")
@requires(Action.ORGANISE, edition_arg="edition_id")
def archive(edition_id: int) -> Response:
    edition = db.get_or_404(Edition, edition_id)
    if not is_published(edition):
        abort(404)
    return _file(
        certificates_zip(edition), "application/zip", f"wsis-prizes-{edition.year}-certificates.zip"
    )


def _file(data: bytes, mimetype: str, name: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
