"""URL converters: ``<int:...>`` everywhere matches ids the database can hold, 1..2**31-1.

Registered in place of Werkzeug's ``int`` for the whole application, so a path such as
``/entries/99999999999999999999`` or ``/entries/0`` is a plain 404 before any view runs
(PostgreSQL would raise on the overflow; SQLite's driver too past 2**63-1).
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from awards.query_args import MAX_ID


class BoundedIntConverter(IntegerConverter):
    """An unsigned integer in ``min..max`` (default 1..MAX_ID); outside, the rule fails."""

    def __init__(
        self,
        map: Map,  # noqa: A002 - Werkzeug's name for it
        fixed_digits: int = 0,
        min: int | None = 1,  # noqa: A002
        max: int | None = MAX_ID,  # noqa: A002
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=False)


def install_converters(app: Flask) -> None:
    """Before any blueprint adds its rules: ``int`` and its alias ``id`` are bounded."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["id"] = BoundedIntConverter
