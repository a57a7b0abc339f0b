"""Organiser pages of the outbox (filled in by the foundation work)."""

from flask import Blueprint

bp = Blueprint("outbox", __name__, url_prefix="/organise/outbox")
