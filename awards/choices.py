"""Choices of select, radio and checkbox-list fields in the shape WTForms 3.3+ wants."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms import SelectChoice


def as_choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """``(value, label)`` pairs as :class:`wtforms.SelectChoice` (plain tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]
