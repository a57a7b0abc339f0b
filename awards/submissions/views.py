"""Submitters' pages: the entry form, drafts, submission, team."""

from flask import Blueprint

bp = Blueprint("submissions", __name__, url_prefix="/entries")
