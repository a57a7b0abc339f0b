"""Use cases of editions, categories and their calendar. Flush, audit; never commit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select

from awards import clock
from awards.audit.services import record
from awards.contest import wsis
from awards.contest.models import Category, Edition
from awards.contest.rules import (
    PHASE_OF_FIELD,
    WINDOWS,
    Phase,
    Schedule,
    ScheduleProblem,
    phase_at,
    validate_schedule,
)
from awards.contest.timefmt import MILESTONE_LABELS, PHASE_LABELS, from_local, is_known_zone
from awards.errors import Conflict, RuleViolation
from awards.extensions import db

#: Every date column of an edition, in calendar order.
SCHEDULE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Schedule))
#: The deadlines that can be extended (the closing instant of each working phase).
DEADLINE_FIELDS: tuple[str, ...] = tuple(closes for _, _, closes in WINDOWS)
#: The phases that can be closed early, and the date that closing rewrites.
CLOSING_FIELD: dict[Phase, str] = {
    **{phase: closes for phase, _, closes in WINDOWS},
    Phase.CEREMONY: "closes_at",
}

#: The 2021 calendar as wall-clock times in the edition's zone (Geneva): (month, day, h, m)
#: and the year offset from the edition's year (submission opens the autumn before).
_SHAPE_2021: dict[str, tuple[int, int, int, int, int]] = {
    "submission_opens": (-1, 11, 5, 9, 0),
    "submission_closes": (0, 2, 1, 23, 0),
    # The Expert Group starts at the submission deadline: phases touch, never overlap.
    "nomination_opens": (0, 2, 1, 23, 0),
    "nomination_closes": (0, 2, 26, 23, 0),
    "voting_opens": (0, 3, 1, 9, 0),
    "voting_closes": (0, 3, 31, 23, 0),
    "selection_opens": (0, 4, 1, 9, 0),
    "selection_closes": (0, 4, 12, 23, 0),
    "ceremony_at": (0, 5, 18, 13, 0),
}
#: How far into each phase ``--phase`` places "now" when it shifts a calendar.
_DAYS_INTO = {
    Phase.SUBMISSION: 35,
    Phase.NOMINATION: 10,
    Phase.VOTING: 12,
    Phase.SELECTION: 4,
}


class ScheduleInvalid(RuleViolation):
    """A schedule whose dates overlap or run backwards; ``problems`` names the phases."""

    status_code = 400

    def __init__(self, problems: Sequence[ScheduleProblem]) -> None:
        self.problems = list(problems)
        super().__init__(" ".join(problem_message(p) for p in self.problems))


def problem_message(problem: ScheduleProblem) -> str:
    """The translated sentence for a schedule problem, naming both phases or instants."""
    earlier, later = problem.earlier, problem.later
    first, second = PHASE_OF_FIELD[earlier], PHASE_OF_FIELD[later]
    if first is second:
        return _(
            "“%(earlier)s” must come before “%(later)s”.",
            earlier=MILESTONE_LABELS[earlier],
            later=MILESTONE_LABELS[later],
        )
    return _(
        "“%(first)s” and “%(second)s” overlap: “%(later)s” is before “%(earlier)s”.",
        first=PHASE_LABELS[first],
        second=PHASE_LABELS[second],
        later=MILESTONE_LABELS[later],
        earlier=MILESTONE_LABELS[earlier],
    )


def schedule_from(dates: Mapping[str, datetime | None]) -> Schedule:
    """A :class:`Schedule` from a mapping of date fields (``closes_at`` optional)."""
    missing = [f for f in SCHEDULE_FIELDS if f != "closes_at" and dates.get(f) is None]
    if missing:
        raise RuleViolation(_("Every date of the calendar is required."), field=missing[0])
    for field in SCHEDULE_FIELDS:
        value = dates.get(field)
        if value is not None and value.tzinfo is None:
            raise ValueError(f"{field} must be an aware datetime")
    # Checked field by field above; the type checker cannot follow a dict of keyword arguments.
    return Schedule(**{f: dates.get(f) for f in SCHEDULE_FIELDS})  # type: ignore[arg-type]


def check_schedule(dates: Mapping[str, datetime | None]) -> Schedule:
    """The schedule of ``dates``, or :class:`ScheduleInvalid` naming the conflicting phases."""
    schedule = schedule_from(dates)
    problems = validate_schedule(schedule)
    if problems:
        raise ScheduleInvalid(problems)
    return schedule


def calendar_2021(year: int = 2021, zone: str = "Europe/Zurich") -> dict[str, datetime]:
    """The 2021 WSIS Prizes calendar, placed in ``year`` and read in ``zone``, as UTC.

    Submission 5 Nov – 1 Feb 23:00, nomination to 26 Feb, voting 1–31 Mar, selection
    1–12 Apr, ceremony 18 May 13:00 (local wall-clock times, so DST is respected).
    """
    return {
        field: from_local(datetime(year + dy, month, day, hour, minute), zone)  # noqa: DTZ001
        for field, (dy, month, day, hour, minute) in _SHAPE_2021.items()
    }


def calendar_with_phase_now(
    phase: Phase, now: datetime, zone: str = "Europe/Zurich"
) -> dict[str, datetime]:
    """The 2021 calendar moved by whole days so that ``phase`` is current at ``now``.

    Durations and the local wall-clock times (23:00 deadlines) are kept; for the ceremony the
    calendar is placed so that the ceremony was the day before.
    """
    if phase not in (*_DAYS_INTO, Phase.CEREMONY):
        raise ValueError(f"cannot place the calendar in phase {phase}")
    tz = ZoneInfo(zone)
    base = calendar_2021(2021, zone)
    today = now.astimezone(tz).date()
    if phase is Phase.CEREMONY:
        anchor, days_into = base["ceremony_at"], 1
    else:
        opens = next(o for p, o, _ in WINDOWS if p is phase)
        anchor, days_into = base[opens], _DAYS_INTO[phase]
    shift = (today - anchor.astimezone(tz).date()).days - days_into
    shifted: dict[str, datetime] = {}
    for field, at in base.items():
        local = at.astimezone(tz)
        day = local.date() + timedelta(days=shift)
        shifted[field] = from_local(datetime.combine(day, time(local.hour, local.minute)), zone)
    return shifted


def create_edition(
    year: int,
    title: str,
    timezone: str,
    dates: Mapping[str, datetime | None],
    *,
    wsis_categories: bool = False,
    limits: Mapping[str, int] | None = None,
    actor_id: int | None = None,
) -> Edition:
    """Create an edition with a valid calendar and, if asked, the 18 WSIS categories."""
    if not is_known_zone(timezone):
        raise RuleViolation(_("Unknown time zone: %(zone)s", zone=timezone), field="timezone")
    if db.session.scalar(select(Edition.id).where(Edition.year == year)) is not None:
        raise Conflict(_("An edition for %(year)s already exists.", year=year), field="year")
    schedule = check_schedule(dates)
    edition = Edition(
        year=year,
        title=title,
        timezone=timezone,
        **{f: schedule.get(f) for f in SCHEDULE_FIELDS},
        **dict(limits or {}),
    )
    if wsis_categories:
        for category in wsis.CATEGORIES:
            edition.categories.append(
                Category(
                    number=category.number,
                    action_line=category.action_line,
                    name=category.name,
                    name_translations={},
                    suggested_sdgs=list(category.sdgs),
                )
            )
    db.session.add(edition)
    db.session.flush()
    record(
        "edition.created",
        edition,
        f"Created edition {year}: {title}",
        actor_id=actor_id,
        edition_id=edition.id,
        changes={
            "year": year,
            "timezone": timezone,
            "categories": len(edition.categories),
            **{f: schedule.get(f) for f in SCHEDULE_FIELDS},
        },
    )
    return edition


def add_category(
    edition: Edition,
    name: str,
    action_line: str,
    *,
    number: int | None = None,
    name_translations: Mapping[str, str] | None = None,
    suggested_sdgs: Sequence[int] = (),
    actor_id: int | None = None,
) -> Category:
    """Add a category (e.g. a special prize) to ``edition``; numbers are unique per edition."""
    name = name.strip()
    if not name:
        raise RuleViolation(_("Enter the category's name."), field="name")
    bad = [sdg for sdg in suggested_sdgs if not 1 <= sdg <= 17]
    if bad:
        raise RuleViolation(_("SDGs are numbered 1 to 17."), field="suggested_sdgs")
    if number is None:
        highest = db.session.scalar(
            select(func.max(Category.number)).where(Category.edition_id == edition.id)
        )
        number = (highest or 0) + 1
    taken = db.session.scalar(
        select(Category.id).where(Category.edition_id == edition.id, Category.number == number)
    )
    if taken is not None:
        raise Conflict(
            _("This edition already has a category number %(number)s.", number=number),
            field="number",
        )
    translations = {k: v.strip() for k, v in (name_translations or {}).items() if v.strip()}
    category = Category(
        edition_id=edition.id,
        number=number,
        action_line=action_line.strip(),
        name=name,
        name_translations=translations,
        suggested_sdgs=sorted(set(suggested_sdgs)),
    )
    db.session.add(category)
    db.session.flush()
    record(
        "category.added",
        category,
        f"Added category {number} {name!r} to edition {edition.year}",
        actor_id=actor_id,
        edition_id=edition.id,
        changes={
            "number": number,
            "action_line": category.action_line,
            "name": name,
            "name_translations": translations,
            "suggested_sdgs": category.suggested_sdgs,
        },
    )
    return category


def update_schedule(
    edition: Edition,
    new_dates: Mapping[str, datetime | None],
    *,
    action: str = "edition.schedule_updated",
    summary: str | None = None,
    actor_id: int | None = None,
) -> dict[str, dict[str, Any]]:
    """Rewrite the given dates of ``edition``; validate the whole calendar; audit old/new.

    Returns the changes as ``{field: {"old": ..., "new": ...}}`` (empty when nothing moved,
    in which case nothing is written).
    """
    unknown = set(new_dates) - set(SCHEDULE_FIELDS)
    if unknown:
        raise ValueError(f"not schedule fields: {sorted(unknown)}")
    merged = {f: new_dates.get(f, getattr(edition, f)) for f in SCHEDULE_FIELDS}
    check_schedule(merged)
    changes = {
        f: {"old": getattr(edition, f), "new": merged[f]}
        for f in SCHEDULE_FIELDS
        if merged[f] != getattr(edition, f)
    }
    if not changes:
        return {}
    for field, change in changes.items():
        setattr(edition, field, change["new"])
    db.session.flush()
    record(
        action,
        edition,
        summary or f"Changed the calendar of {edition.year}: {', '.join(changes)}",
        actor_id=actor_id,
        edition_id=edition.id,
        changes=changes,
    )
    return changes


def extend_deadline(
    edition: Edition, field: str, new_at: datetime, *, actor_id: int | None = None
) -> dict[str, dict[str, Any]]:
    """Move the deadline ``field`` later. The following phase must still start after it."""
    if field not in DEADLINE_FIELDS:
        raise RuleViolation(_("Only a phase's closing date can be extended."), field="field")
    old = getattr(edition, field)
    if new_at <= old:
        raise RuleViolation(
            _("The new deadline must be later than the current one."), field="new_at"
        )
    return update_schedule(
        edition,
        {field: new_at},
        action="edition.deadline_extended",
        summary=f"Extended {field} of {edition.year} from {old.isoformat()} "
        f"to {new_at.isoformat()}",
        actor_id=actor_id,
    )


def close_phase_now(
    edition: Edition, phase: Phase, now: datetime | None = None, *, actor_id: int | None = None
) -> dict[str, dict[str, Any]]:
    """End the current ``phase`` at ``now`` by rewriting its closing date (ceremony: archive)."""
    now = now or clock.utcnow()
    if phase not in CLOSING_FIELD:
        raise RuleViolation(_("This phase cannot be closed."), field="phase")
    current = phase_at(edition.schedule(), now)
    if current is not phase:
        raise RuleViolation(
            _(
                "“%(phase)s” is not the current phase (now: “%(current)s”).",
                phase=PHASE_LABELS[phase],
                current=PHASE_LABELS[current],
            ),
            field="phase",
        )
    field = CLOSING_FIELD[phase]
    return update_schedule(
        edition,
        {field: now},
        action="edition.phase_closed",
        summary=f"Closed {phase.value} of {edition.year} early at {now.isoformat()}",
        actor_id=actor_id,
    )


def current_edition() -> Edition | None:
    """The latest edition by year, or None when there is none."""
    return db.session.scalars(select(Edition).order_by(Edition.year.desc()).limit(1)).first()


def list_editions() -> list[Edition]:
    """All editions, latest first."""
    return list(db.session.scalars(select(Edition).order_by(Edition.year.desc())))
