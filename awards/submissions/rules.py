"""Pure rules of an entry: completeness, past winners, when it may be changed, its status.

No database, no request: callers pass plain data and ``now``. Messages are lazy strings, so
they are translated when shown, in the viewer's language. Word counts are
:mod:`awards.submissions.wordcount`, comparison keys :mod:`awards.submissions.keys`, shape
checks :mod:`awards.submissions.input_checks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from awards.contest.rules import Phase, Schedule, phase_at
from awards.submissions.input_checks import is_valid_email, is_valid_url
from awards.submissions.inputs import LONG_ANSWERS, Contact, EntryInput, Limits, Problem
from awards.submissions.wordcount import count_words


def _required(data: EntryInput) -> list[Problem]:
    checks: list[tuple[bool, str, LazyString]] = [
        (bool(data.title.strip()), "title", _l("Enter the title of the project")),
        (data.category_id is not None, "category", _l("Choose a category")),
        (bool(data.entity_name.strip()), "entity_name", _l("Enter the name of the entity")),
        (bool(data.stakeholder_type), "stakeholder_type", _l("Choose the stakeholder type")),
        (bool(data.country), "country", _l("Choose the country")),
        (data.start_date is not None, "start_date", _l("Enter the start date of the project")),
        (bool(data.project_status), "project_status", _l("Choose the status of the project")),
    ]
    return [Problem(name, message) for ok, name, message in checks if not ok]


def _words_problem(
    name: str, label: LazyString | str, text: str, minimum: int, maximum: int | None = None
) -> Problem | None:
    words = count_words(text)
    if words == 0:
        return Problem(name, _l("Answer “%(label)s”", label=label))
    if words < minimum:
        return Problem(
            name,
            _l(
                "“%(label)s” needs at least %(min)d words (it has %(n)d)",
                label=label,
                min=minimum,
                n=words,
            ),
        )
    if maximum is not None and words > maximum:
        return Problem(
            name,
            _l(
                "“%(label)s” may have at most %(max)d words (it has %(n)d)",
                label=label,
                max=maximum,
                n=words,
            ),
        )
    return None


def _contact_problems(contacts: Sequence[Contact]) -> list[Problem]:
    problems: list[Problem] = []
    complete = 0
    for index, contact in enumerate(contacts):
        typed = contact.name.strip() or contact.email.strip()
        if not typed:
            continue
        if not contact.name.strip():
            problems.append(Problem(f"contacts-{index}-name", _l("Enter the contact's name")))
        if not is_valid_email(contact.email.strip()):
            problems.append(
                Problem(
                    f"contacts-{index}-email",
                    _l("Enter the contact's e-mail address, like name@example.org"),
                )
            )
        if contact.name.strip() and is_valid_email(contact.email.strip()):
            complete += 1
    if not complete and not problems:
        problems.append(
            Problem("contacts-0-name", _l("Give at least one contact person with an e-mail"))
        )
    return problems


def completeness_problems(data: EntryInput, limits: Limits, today: date) -> list[Problem]:
    """Everything that keeps ``data`` from being submitted, in form order ([] = complete)."""
    problems = _required(data)
    if not is_valid_url(data.website.strip()):
        problems.append(
            Problem("website", _l("Enter the project's website, like https://example.org"))
        )
    if data.start_date is not None and data.start_date > today:
        problems.append(Problem("start_date", _l("The start date cannot be in the future")))
    problems += _contact_problems(data.contacts)
    description = _words_problem(
        "description",
        _l("Short description"),
        data.description,
        limits.description_min,
        limits.description_max,
    )
    if description:
        problems.append(description)
    if not data.sdgs:
        problems.append(Problem("sdgs", _l("Link the project to at least one SDG")))
    for sdg, answer in data.sdgs:
        label = _l("SDG %(n)d linkage", n=sdg)
        problem = _words_problem(f"sdg_{sdg}_answer", label, answer, limits.sdg_answer_min)
        if problem:
            problems.append(problem)
    for name, label in LONG_ANSWERS:
        problem = _words_problem(name, label, getattr(data, name), limits.answer_min)
        if problem:
            problems.append(problem)
    for index, alt in enumerate(data.image_alts):
        if not alt.strip():
            problems.append(
                Problem(f"images-{index}-alt_text", _l("Describe the image for blind readers"))
            )
    return problems


# --- eligibility and phases -------------------------------------------------------------------


def matches_past_winner(
    title_key_: str, website_key_: str, winners: Iterable[tuple[str, str]]
) -> bool:
    """Whether the entry's title key or website key is that of a past winner."""
    for winner_title, winner_site in winners:
        if title_key_ and title_key_ == winner_title:
            return True
        if website_key_ and website_key_ == winner_site:
            return True
    return False


def can_edit(schedule: Schedule, now: datetime) -> bool:
    """Submitters may create, edit, submit and withdraw only during the submission phase."""
    return phase_at(schedule, now) is Phase.SUBMISSION


class DisplayStatus:
    """What the submitters' dashboard calls an entry (state, screening and later phases)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NOMINATED = "nominated"
    CHAMPION = "champion"
    WINNER = "winner"


def display_status(
    state: str,
    screening: str,
    *,
    nominated: bool = False,
    champion: bool = False,
    winner: bool = False,
) -> str:
    """The furthest stage an entry has reached, as a :class:`DisplayStatus` value.

    Withdrawn and draft win over everything; then winner > champion > nominated (set by later
    phases); then the screening decision; otherwise "submitted".
    """
    if state in {"draft", "withdrawn"}:
        return state
    if screening == "ineligible":
        return DisplayStatus.INELIGIBLE
    for flag, status in (
        (winner, DisplayStatus.WINNER),
        (champion, DisplayStatus.CHAMPION),
        (nominated, DisplayStatus.NOMINATED),
    ):
        if flag:
            return status
    if screening == "eligible":
        return DisplayStatus.ELIGIBLE
    return DisplayStatus.SUBMITTED


#: How the status tag looks, by :class:`DisplayStatus` value ("" is the plain tag).
STATUS_TONES: dict[str, str] = {
    DisplayStatus.DRAFT: "grey",
    DisplayStatus.WITHDRAWN: "grey",
    DisplayStatus.INELIGIBLE: "red",
    DisplayStatus.ELIGIBLE: "green",
    DisplayStatus.NOMINATED: "green",
    DisplayStatus.CHAMPION: "green",
    DisplayStatus.WINNER: "green",
}


def status_tone(status: str) -> str:
    """The colour of the status tag: "grey", "red", "green" or "" (submitted)."""
    return STATUS_TONES.get(status, "")


def editable_now(state: str, schedule: Schedule, now: datetime) -> bool:
    """Whether the team may still change an entry in ``state`` at ``now``."""
    return state != "withdrawn" and can_edit(schedule, now)
