"""The 18 WSIS Prizes categories and the WSIS–SDG matrix (facts, not rules).

The English names are marked with ``N_`` so the extractor puts them in the catalogue; the
database keeps the English name and :attr:`awards.contest.models.Category.display_name`
translates it at request time.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:  # noqa: N802 - the conventional name the extractor looks for
    """Mark ``message`` for extraction without translating it here."""
    return message


ALL_SDGS: tuple[int, ...] = tuple(range(1, 18))


@dataclass(frozen=True)
class WsisCategory:
    """One of the 18 WSIS Prizes categories."""

    number: int
    action_line: str
    name: str
    sdgs: tuple[int, ...]


#: The 18 categories (number, action line, English name) with the SDGs the matrix links to
#: the category's action line. C3 links to all 17 (the source encodes all but 4; we take all).
CATEGORIES: tuple[WsisCategory, ...] = (
    WsisCategory(
        1,
        "C1",
        N_("The role of governments and all stakeholders in the promotion of ICTs for development"),
        (1, 3, 5, 10, 16, 17),
    ),
    WsisCategory(2, "C2", N_("Information and communication infrastructure"), (1, 8, 9, 11)),
    WsisCategory(3, "C3", N_("Access to information and knowledge"), ALL_SDGS),
    WsisCategory(4, "C4", N_("Capacity building"), (1, 2, 3, 4, 5, 6, 12, 13, 14, 16, 17)),
    WsisCategory(
        5,
        "C5",
        N_("Building confidence and security in the use of ICTs"),
        (1, 4, 5, 7, 8, 9, 11, 16, 17),
    ),
    WsisCategory(6, "C6", N_("Enabling environment"), (2, 4, 5, 8, 9, 10, 11, 16, 17)),
    WsisCategory(7, "C7", N_("ICT applications: E-government"), (9, 16, 17)),
    WsisCategory(8, "C7", N_("ICT applications: E-business"), (1, 2, 5, 8, 9, 17)),
    WsisCategory(9, "C7", N_("ICT applications: E-learning"), (4,)),
    WsisCategory(10, "C7", N_("ICT applications: E-health"), (1, 2, 3, 5, 17)),
    WsisCategory(11, "C7", N_("ICT applications: E-employment"), (4, 8, 10, 12, 17)),
    WsisCategory(12, "C7", N_("ICT applications: E-environment"), (9, 11, 13, 14, 15)),
    WsisCategory(
        13, "C7", N_("ICT applications: E-agriculture"), (1, 2, 3, 4, 5, 8, 9, 12, 13, 17)
    ),
    WsisCategory(14, "C7", N_("ICT applications: E-science"), (1, 4, 6, 7, 13, 14, 15, 17)),
    WsisCategory(
        15,
        "C8",
        N_("Cultural diversity and identity, linguistic diversity and local content"),
        (2, 4, 6, 8, 9, 11, 12),
    ),
    WsisCategory(16, "C9", N_("Media"), (5, 9, 12, 16)),
    WsisCategory(
        17,
        "C10",
        N_("Ethical dimensions of the Information Society"),
        (1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 16, 17),
    ),
    WsisCategory(18, "C11", N_("International and regional cooperation"), (17,)),
)


def suggested_sdgs(number: int) -> tuple[int, ...]:
    """The SDGs the matrix suggests for WSIS category ``number`` (1–18)."""
    for category in CATEGORIES:
        if category.number == number:
            return category.sdgs
    raise KeyError(number)
