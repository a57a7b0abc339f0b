"""Integers and dates from URLs, bounded to what the database and the calendar can hold.

PostgreSQL raises (and SQLite's driver overflows) on integers past its columns' range, and
``date + 1 day`` overflows at the end of the calendar: input outside these bounds is refused
here, so it reads as "not found" or "ignored", never as a 500.
"""

from __future__ import annotations

from datetime import date

#: The largest value of an INTEGER column (PostgreSQL's ``integer``; ids and years are ones).
MAX_ID = 2**31 - 1

#: Dates a person may ask about: a filter outside them is a typo, not a question.
MIN_DATE = date(1970, 1, 1)
MAX_DATE = date(2999, 12, 31)

_MAX_DIGITS = len(str(MAX_ID))


def bounded_int(value: object, low: int = 1, high: int = MAX_ID) -> int | None:
    """``value`` as an int in ``low..high`` (``low >= 0``) when it is ASCII digits, else None."""
    text = str(value).strip() if value is not None else ""
    # str.isdigit() alone would take other scripts' digits, which int() also reads.
    if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if low <= number <= high else None
