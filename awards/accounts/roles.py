"""The roles an account may hold beyond an ordinary verified account (a leaf module)."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """Roles beyond the ordinary verified account (which may submit and vote)."""

    JURY = "jury"
    ORGANISER = "organiser"
    ADMIN = "admin"
