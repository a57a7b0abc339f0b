"""Organisers browse and filter the audit trail."""

from flask import Blueprint, render_template

from awards.security import organiser_required

bp = Blueprint("audit", __name__, url_prefix="/organise/audit")


@bp.get("/")
@organiser_required
def index():  # type: ignore[no-untyped-def]
    return render_template("audit/index.html")
