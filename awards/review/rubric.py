"""The scoring rubric (pure): criteria with weights, a scale, guidance per score band.

An edition uses :data:`DEFAULT_CRITERIA` (the WSIS Prizes criteria) and :data:`DEFAULT_BANDS`
on the scale 1–10 until its organisers change them; a changed rubric is stored per edition
(``awards/review/rubric_models.py``). Scores are whole numbers on the scale. A review is
stored by criterion *key*, so a criterion's name and guidance may be reworded without touching
the reviews; its key and weight are locked once the first review is started.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def N_(text: str) -> str:  # noqa: N802 - the extraction keyword for names translated on display
    """Mark ``text`` for translation without translating it here (the pages do)."""
    return text


@dataclass(frozen=True)
class Criterion:
    """One thing experts score: a stable key, a name, a weight and what to look for."""

    key: str
    name: str
    weight: float
    guidance: str = ""


@dataclass(frozen=True)
class Band:
    """What the scores from ``low`` to ``high`` (inclusive) mean."""

    low: int
    high: int
    label: str
    guidance: str = ""


@dataclass(frozen=True)
class Rubric:
    """An edition's rubric."""

    criteria: tuple[Criterion, ...]
    low: int = 1
    high: int = 10
    bands: tuple[Band, ...] = ()

    @property
    def weights(self) -> dict[str, float]:
        return {c.key: c.weight for c in self.criteria}

    def band_of(self, score: int) -> Band | None:
        """The band ``score`` falls in, if any."""
        return next((b for b in self.bands if b.low <= score <= b.high), None)


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "action_line",
        N_("Relevance to the WSIS Action Line"),
        1,
        N_("How directly the project serves the action line of its category."),
    ),
    Criterion(
        "impact",
        N_("Results and impact"),
        1,
        N_("Measured results: people reached, services improved, evidence given."),
    ),
    Criterion(
        "empowerment",
        N_("Community empowerment"),
        1,
        N_("How far the project lets communities act for themselves."),
    ),
    Criterion(
        "sdg",
        N_("Relevance to the Sustainable Development Goals"),
        1,
        N_("How clearly the project advances the SDGs it names."),
    ),
    Criterion(
        "replicability",
        N_("Replicability"),
        1,
        N_("Whether others could repeat the project elsewhere, and how easily."),
    ),
    Criterion(
        "sustainability",
        N_("Sustainability"),
        1,
        N_("Whether the project will last: funding, ownership, maintenance."),
    ),
    Criterion(
        "partnerships",
        N_("Partnerships"),
        1,
        N_("The partners involved and what each brings."),
    ),
    Criterion(
        "values",
        N_("WSIS values"),
        1,
        N_("Inclusion, openness, multilingualism and respect for human rights."),
    ),
)

DEFAULT_BANDS: tuple[Band, ...] = (
    Band(1, 3, N_("Weak"), N_("The criterion is barely addressed or not shown.")),
    Band(4, 6, N_("Fair"), N_("Addressed, with gaps or little evidence.")),
    Band(7, 8, N_("Strong"), N_("Well addressed and supported by evidence.")),
    Band(9, 10, N_("Outstanding"), N_("A model for others, with clear evidence.")),
)

DEFAULT_RUBRIC = Rubric(DEFAULT_CRITERIA, 1, 10, DEFAULT_BANDS)


class Problem(enum.StrEnum):
    """What is wrong with one criterion's score."""

    MISSING = "missing"
    OUT_OF_SCALE = "out_of_scale"
    UNKNOWN = "unknown"


def score_problems(
    rubric: Rubric, scores: Mapping[str, int | None], *, complete: bool
) -> dict[str, Problem]:
    """Problems per criterion key: out of scale, unknown criterion, and (when ``complete``,
    for a submission) missing. A draft may leave criteria empty."""
    problems: dict[str, Problem] = {}
    known = {c.key for c in rubric.criteria}
    for key, value in scores.items():
        if key not in known:
            problems[key] = Problem.UNKNOWN
        elif value is not None and not rubric.low <= value <= rubric.high:
            problems[key] = Problem.OUT_OF_SCALE
    if complete:
        for key in known:
            if scores.get(key) is None and key not in problems:
                problems[key] = Problem.MISSING
    return problems


def rubric_problems(criteria: Sequence[Criterion], low: int, high: int) -> list[str]:
    """What makes a rubric unusable (messages in English, translated by the caller)."""
    problems = []
    if not criteria:
        problems.append("A rubric needs at least one criterion.")
    keys = [c.key for c in criteria]
    if len(set(keys)) != len(keys):
        problems.append("Two criteria have the same key.")
    if any(c.weight <= 0 for c in criteria):
        problems.append("Every weight must be more than zero.")
    if low >= high:
        problems.append("The scale's lowest score must be below its highest.")
    return problems
