"""Organisers' pages over entries: list, screening, duplicates, exports, charts."""

from flask import Blueprint

bp = Blueprint("screening", __name__, url_prefix="/organise/entries")
