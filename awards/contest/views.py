"""Public pages of the contest and the organisers' schedule pages."""

from flask import Blueprint, render_template
from sqlalchemy import select

from awards.contest.models import Edition
from awards.extensions import db

bp = Blueprint("contest", __name__)


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    edition = db.session.scalars(select(Edition).order_by(Edition.year.desc())).first()
    return render_template("contest/home.html", edition=edition)
