"""The home page's view model: what the prize is, who may enter, and what happens when.

Built from one clock read of the request (``now``); the template only prints what this gives
it, so no rule about dates or phases lives in the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from awards.contest.models import Edition
from awards.contest.rules import Phase, Step, StepState, milestones, next_milestone, steps
from awards.contest.timefmt import MILESTONE_LABELS, PHASE_LABELS

#: How each step of the contest is explained to a visitor.
STEP_TEXTS = {
    Phase.SUBMISSION: _l(
        "From %(opens)s to %(closes)s, organisations submit their projects, free of charge, "
        "each in one category."
    ),
    Phase.NOMINATION: _l(
        "From %(opens)s to %(closes)s, the Expert Group reviews every eligible project and "
        "nominates %(nominees)s projects per category."
    ),
    Phase.VOTING: _l(
        "From %(opens)s to %(closes)s, anyone with a verified account can vote online for the "
        "nominated projects."
    ),
    Phase.SELECTION: _l(
        "From %(opens)s to %(closes)s, the %(champions)s projects with the most votes in each "
        "category become its champions, and the winner is chosen among them."
    ),
    Phase.CEREMONY: _l(
        "The winners and champions are announced at the prize ceremony on %(opens)s."
    ),
}

STATE_LABELS = {
    StepState.DONE: _l("Done"),
    StepState.CURRENT: _l("Now"),
    StepState.UPCOMING: _l("Coming"),
}

STATE_CLASSES = {
    StepState.DONE: "step step-done",
    StepState.CURRENT: "step step-current",
    StepState.UPCOMING: "step step-upcoming",
}


@dataclass(frozen=True)
class StepView:
    """One line of "What happens next"."""

    title: str
    text: str
    state_label: str
    css_class: str


@dataclass(frozen=True)
class Countdown:
    """The next milestone and the time left until it."""

    label: str
    when: str
    iso: str
    remaining: str


@dataclass(frozen=True)
class Banner:
    """The edition's logo or banner image."""

    url: str
    alt: str
    width: int | None
    height: int | None


@dataclass(frozen=True)
class HomePage:
    """Everything the home page shows."""

    title: str
    phase_label: str
    demo_notice: str | None
    status_note: str | None
    countdown: Countdown | None
    steps: list[StepView]
    key_dates: list[tuple[str, str]]
    banner: Banner | None


def _step_view(step: Step, edition: Edition, when: Callable[[datetime], str]) -> StepView:
    text = STEP_TEXTS[step.phase] % {
        "opens": when(step.opens),
        "closes": when(step.closes) if step.closes else "",
        "nominees": edition.nominees_per_category,
        "champions": edition.champions_per_category,
    }
    return StepView(
        title=str(PHASE_LABELS[step.phase]),
        text=str(text),
        state_label=str(STATE_LABELS[step.state]),
        css_class=STATE_CLASSES[step.state],
    )


def _status_note(phase: Phase, edition: Edition, when: Callable[[datetime], str]) -> str:
    if phase is Phase.CEREMONY:
        return _(
            "The winners were announced at the prize ceremony on %(when)s.",
            when=when(edition.ceremony_at),
        )
    return _("This edition is closed.")


def home_page(
    edition: Edition,
    now: datetime,
    *,
    when: Callable[[datetime], str],
    remaining: Callable[[datetime], str],
    banner_url: str | None,
) -> HomePage:
    """The home page of ``edition`` at ``now``; ``when`` and ``remaining`` format instants."""
    schedule = edition.schedule()
    phase = edition.phase(now)
    upcoming = next_milestone(schedule, now)
    countdown = (
        Countdown(
            label=str(MILESTONE_LABELS[upcoming.field]),
            when=when(upcoming.at),
            iso=upcoming.at.isoformat(),
            remaining=remaining(upcoming.at),
        )
        if upcoming
        else None
    )
    banner = (
        Banner(banner_url, edition.banner_alt or "", edition.banner_width, edition.banner_height)
        if banner_url and edition.banner_storage_name
        else None
    )
    return HomePage(
        title=edition.title,
        phase_label=str(PHASE_LABELS[phase]),
        demo_notice=_("Demo edition: the data is invented.") if edition.is_demo else None,
        status_note=None if upcoming else _status_note(phase, edition, when),
        countdown=countdown,
        steps=[_step_view(step, edition, when) for step in steps(schedule, now)],
        key_dates=[(str(MILESTONE_LABELS[m.field]), when(m.at)) for m in milestones(schedule)],
        banner=banner,
    )
