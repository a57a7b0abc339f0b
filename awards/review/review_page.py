"""What an expert's review page shows, computed once: the entry as the expert may see it,
the rubric as a form, the state, the deadline and (after submitting) the others' scores.

Blind mode is enforced here, not in the template: in blind mode :class:`EntryShown` carries
no entity, website, contact, team or image at all (``identity`` is None), and the team's own
prose is passed through :func:`awards.review.blinding.redact`. A template cannot print what
it is never given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from awards.geography import REGION_LABELS, country_name
from awards.i18n import current_locale
from awards.review.blinding import identifying_strings, redact
from awards.review.models import AssignmentState, ReviewAssignment
from awards.review.reviews import CommentProblem, OtherReview
from awards.review.rubric import Problem, Rubric
from awards.stakeholders import STAKEHOLDER_LABELS
from awards.submissions.labels import IMAGE_KIND_LABELS, PROJECT_STATUS_LABELS, SDG_NAMES
from awards.submissions.models import Entry, EntryImage
from awards.submissions.teams import team_of

#: Scales with at most this many scores are offered as radio buttons, larger ones as a number.
MAX_RADIOS = 11

STATE_LABELS = {
    AssignmentState.ASSIGNED: _l("Not started"),
    AssignmentState.DRAFT: _l("Draft"),
    AssignmentState.SUBMITTED: _l("Submitted"),
    AssignmentState.WITHDRAWN: _l("Withdrawn"),
}
STATE_TAGS = {
    AssignmentState.ASSIGNED: "tag tag-grey",
    AssignmentState.DRAFT: "tag",
    AssignmentState.SUBMITTED: "tag tag-green",
    AssignmentState.WITHDRAWN: "tag tag-grey",
}

ANSWERS = (
    (_l("Short description"), "description"),
    (_l("Economic impact"), "impact_economic"),
    (_l("Social impact"), "impact_social"),
    (_l("Environmental impact"), "impact_environmental"),
    (_l("Partnerships"), "partnerships"),
    (_l("Challenges and future perspectives"), "challenges"),
)


@dataclass(frozen=True)
class ImageShown:
    url: str
    alt: str
    kind: str
    width: int


@dataclass(frozen=True)
class Identity:
    """Who the team is: shown only when the edition's review is not blind."""

    entity_name: str
    website: str
    contacts: list[tuple[str, str, str]]  # name, e-mail, job title
    team: list[str]
    images: list[ImageShown]


@dataclass(frozen=True)
class EntryShown:
    """The entry as the expert may read it."""

    id: int
    title: str
    category: str
    stakeholder: str
    country: str
    region: str
    start_date: date | None
    project_status: str
    answers: list[tuple[str, str]]
    sdgs: list[tuple[str, str]]
    identity: Identity | None


@dataclass(frozen=True)
class BandShown:
    label: str
    low: int
    high: int
    guidance: str


@dataclass(frozen=True)
class CriterionShown:
    """One criterion of the rubric as a question of the form."""

    key: str
    field: str
    name: str
    guidance: str
    weight: float
    value: str
    error: str | None


@dataclass(frozen=True)
class OtherShown:
    label: str
    weighted_score: float
    scores: list[str]


@dataclass(frozen=True)
class ReviewPage:
    assignment_id: int
    round: int
    state: AssignmentState
    state_label: str
    state_tag: str
    writable: bool
    deadline: datetime
    updated_at: datetime | None
    weighted_score: float | None
    entry: EntryShown
    criteria: list[CriterionShown]
    bands: list[BandShown]
    scale: tuple[int, int]
    radios: list[int]
    others: list[OtherShown]
    errors: list[tuple[str, str]]


def field_name(key: str) -> str:
    """The form field of a criterion's score."""
    return f"score-{key}"


def _label(translate: bool) -> Callable[[str], str]:
    return (lambda text: _(text) if text else "") if translate else (lambda text: text)


def entry_shown(entry: Entry, *, blind: bool, image_url: Callable[[EntryImage], str]) -> EntryShown:
    """``entry`` as an expert reads it; blind: without anything that says who the team is."""
    team = team_of(entry)
    secrets = identifying_strings(
        entry.entity_name,
        entry.website,
        [(c.name, c.email) for c in entry.contacts] + [(u.name, u.email) for u in team],
    )
    marker = _("[withheld]")

    def text(value: str) -> str:
        return redact(value, secrets, marker) if blind else value

    locale_country = country_name(entry.country, current_locale()) if entry.country else ""
    identity = None
    if not blind:
        identity = Identity(
            entity_name=entry.entity_name,
            website=entry.website,
            contacts=[(c.name, c.email, c.job_title) for c in entry.contacts],
            team=[u.name for u in team],
            images=[
                ImageShown(
                    image_url(i), i.alt_text, str(IMAGE_KIND_LABELS[i.kind]), min(i.width, 240)
                )
                for i in entry.images
            ],
        )
    category = entry.category
    return EntryShown(
        id=entry.id,
        title=text(entry.title),
        category=f"{category.number}. {category.display_name} ({category.action_line})",
        stakeholder=str(STAKEHOLDER_LABELS.get(entry.stakeholder_type, ""))
        if entry.stakeholder_type
        else "",
        country=locale_country,
        region=str(REGION_LABELS.get(entry.region, entry.region)) if entry.region else "",  # type: ignore[call-overload]
        start_date=entry.start_date,
        project_status=str(PROJECT_STATUS_LABELS[entry.project_status])
        if entry.project_status
        else "",
        answers=[(str(h), text(getattr(entry, name))) for h, name in ANSWERS],
        sdgs=[
            (_("SDG %(number)s: %(name)s", number=s.sdg, name=SDG_NAMES[s.sdg]), text(s.answer))
            for s in entry.sdgs
        ],
        identity=identity,
    )


def _score_message(name: str, problem: Problem, rubric: Rubric) -> str:
    if problem is Problem.MISSING:
        return _("Choose a score for “%(criterion)s”.", criterion=name)
    return _(
        "“%(criterion)s”: the score is a whole number from %(low)s to %(high)s.",
        criterion=name,
        low=rubric.low,
        high=rubric.high,
    )


COMMENT_MESSAGES = {
    CommentProblem.MISSING: _l("Write a comment for the organisers before submitting."),
    CommentProblem.TOO_LONG: _l("A comment is at most %(max)s characters."),
}


def criteria_shown(
    rubric: Rubric,
    *,
    translate: bool,
    values: Mapping[str, str],
    problems: Mapping[str, Problem],
) -> list[CriterionShown]:
    """The rubric's criteria as questions, with the value to show and any error."""
    label = _label(translate)
    shown = []
    for c in rubric.criteria:
        name = label(c.name)
        problem = problems.get(c.key)
        shown.append(
            CriterionShown(
                key=c.key,
                field=field_name(c.key),
                name=name,
                guidance=label(c.guidance),
                weight=c.weight,
                value=values.get(c.key, ""),
                error=_score_message(name, problem, rubric) if problem else None,
            )
        )
    return shown


def bands_shown(rubric: Rubric, *, translate: bool) -> list[BandShown]:
    label = _label(translate)
    return [BandShown(label(b.label), b.low, b.high, label(b.guidance)) for b in rubric.bands]


def others_shown(others: list[OtherReview], criteria: list[CriterionShown]) -> list[OtherShown]:
    """Other experts' reviews, named by their order only ("Expert A", "Expert B"...)."""
    return [
        OtherShown(
            label=_("Another expert (%(letter)s)", letter=chr(ord("A") + i % 26)),
            weighted_score=o.weighted_score,
            scores=[str(o.scores.get(c.key, "—")) for c in criteria],
        )
        for i, o in enumerate(others)
    ]


def review_page(
    assignment: ReviewAssignment,
    *,
    entry: EntryShown,
    criteria: list[CriterionShown],
    bands: list[BandShown],
    rubric: Rubric,
    writable: bool,
    deadline: datetime,
    others: list[OtherReview],
    errors: list[tuple[str, str]],
) -> ReviewPage:
    """Everything the review page shows."""
    radios = (
        list(range(rubric.low, rubric.high + 1))
        if rubric.high - rubric.low + 1 <= MAX_RADIOS
        else []
    )
    return ReviewPage(
        assignment_id=assignment.id,
        round=assignment.round,
        state=assignment.state,
        state_label=str(STATE_LABELS[assignment.state]),
        state_tag=STATE_TAGS[assignment.state],
        writable=writable,
        deadline=deadline,
        updated_at=assignment.updated_at,
        weighted_score=assignment.weighted_score,
        entry=entry,
        criteria=criteria,
        bands=bands,
        scale=(rubric.low, rubric.high),
        radios=radios,
        others=others_shown(others, criteria),
        errors=errors,
    )


def comment_message(problem: CommentProblem, maximum: int) -> str:
    return str(COMMENT_MESSAGES[problem]) % {"max": maximum}


def as_values(scores: Mapping[str, Any]) -> dict[str, str]:
    """Stored scores as the form's values."""
    return {k: str(v) for k, v in scores.items() if v is not None}
