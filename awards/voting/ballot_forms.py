"""The voter's one form: the confirmation step's "Vote for <project>" button (CSRF-protected).

It carries the number of the category the voter saw the nominee in, so a request that names a
nominee of another category is refused (400) rather than counted somewhere unexpected.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm
from wtforms import HiddenField

from awards.contest.models import Category, Edition
from awards.query_args import bounded_int


class CastForm(FlaskForm):
    """POSTed by the confirmation page; the CSRF token comes with FlaskForm."""

    class Meta:
        def get_translations(self, form: object) -> None:
            """No message of this form is ever shown (a refused CSRF token is the error page's),
            so WTForms' catalogue is not read for each vote."""
            return None

    category = HiddenField()


def posted_number(form: Mapping[str, str]) -> int | None:
    """The category number a posted :class:`CastForm` carries (None: none, or not a number).

    Casting reads the one field straight from the request's form: its CSRF token was checked
    before the view (``CSRFProtect``), and building the WTForms form cost more than the rest
    of the view's Python.
    """
    return bounded_int(form.get("category"))


def category_numbered(edition: Edition, number: int | None) -> Category | None:
    """The edition's category of that number, or None if it has none."""
    return next((c for c in edition.categories if c.number == number), None)
