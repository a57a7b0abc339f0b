"""Pure rules of the entry form: word counts, completeness, normalisation, eligibility.

No database, no request: callers pass plain data and ``now``. Messages are lazy strings, so
they are translated when shown, in the viewer's language.

The word-count rule (shared, character for character, with ``static/js/wordcount.js``)
----------------------------------------------------------------------------------------
A *word* is a maximal run of word characters, where two runs joined by a single apostrophe
(``'`` or ``’``) or hyphen (``-``, ``‐``, ``‑``) are one word. Word characters are Unicode
letters, combining marks and numbers (general categories L*, M* and N*), so accented Latin,
Cyrillic, Arabic with its vowel marks and Devanagari with its vowel signs all count as people
expect. Everything else separates words: spaces of any kind, punctuation, symbols, ``_``.

So ``don't``, ``well-known`` and ``state-of-the-art`` are one word each; ``rock - roll`` and
``and/or`` are two; ``3.5`` is two; a lone ``-`` or ``'`` is none; ``foo--bar`` is two (a
double hyphen is a dash, not a joiner). A text without spaces between words (Chinese,
Japanese) counts as one word per run; project texts are in English.

In the JavaScript, the same rule is the regular expression
``/[\\p{L}\\p{M}\\p{N}]+(?:['’\\-‐‑][\\p{L}\\p{M}\\p{N}]+)*/gu`` (count of matches).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlsplit

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from awards.contest.rules import Phase, Schedule, phase_at

#: Characters that join two runs of word characters into one word.
WORD_JOINERS = frozenset("'’-‐‑")

#: How many contact slots the form offers.
MAX_CONTACTS = 3
#: Most images an entry may carry (one logo and photos).
MAX_IMAGES = 6
#: Minimum words of the answer that explains each linked SDG.
SDG_ANSWER_MIN_WORDS = 20


@lru_cache(maxsize=4096)
def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def count_words(text: str | None) -> int:
    """Count the words of ``text`` by the rule in this module's docstring."""
    if not text:
        return 0
    count = 0
    in_word = False
    joiner_pending = False
    for char in text:
        if _is_word_char(char):
            if not in_word:
                count += 1
                in_word = True
            joiner_pending = False
        elif in_word and char in WORD_JOINERS and not joiner_pending:
            joiner_pending = True
        else:
            in_word = False
            joiner_pending = False
    return count


# --- normalisation keys -------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def text_key(text: str | None) -> str:
    """Fold ``text`` for comparison: no diacritics, case-folded, punctuation as spaces.

    ``"  Smart   Villages: e-Health, Côte d'Ivoire "`` and ``"smart villages e health cote d
    ivoire"`` give the same key.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", stripped.casefold()).strip()


def title_key(title: str | None) -> str:
    """The normalised title used for duplicate detection and past-winner matching."""
    return text_key(title)[:200]


def entity_key(name: str | None) -> str:
    """The normalised entity name used for the one-entry-per-entity-per-category rule."""
    return text_key(name)[:200]


def website_key(url: str | None) -> str:
    """Host (without ``www.``) and path (without trailing slash), lower case; "" if no URL.

    ``https://WWW.Example.org/Project/`` and ``http://example.org/project`` share the key
    ``example.org/project``. Query and fragment are ignored.
    """
    if not url or not url.strip():
        return ""
    value = url.strip()
    if "://" not in value:
        value = "http://" + value
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    if not host:
        return ""
    path = parts.path.rstrip("/").lower()
    return f"{host}{path}"[:500]


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


def is_valid_url(url: str | None) -> bool:
    """Whether ``url`` is an absolute http(s) address with a real-looking host name."""
    if not url or len(url) > 500 or any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for an invalid port
    except ValueError:
        return False
    if parts.scheme not in {"http", "https"} or not host or parts.username is not None:
        return False
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return False
    labels = ascii_host.split(".")
    return (
        len(labels) >= 2
        and all(_HOST_LABEL.match(label) for label in labels)
        and bool(_TLD.match(labels[-1]))
    )


_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]{2,}$")


def is_valid_email(address: str | None) -> bool:
    """A pragmatic shape check of an e-mail address (the real check is the mail arriving)."""
    return bool(address) and len(address) <= 254 and bool(_EMAIL.match(address))  # type: ignore[arg-type]


# --- completeness ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """A contact person as typed."""

    name: str = ""
    email: str = ""
    job_title: str = ""
    gender: str | None = None


@dataclass(frozen=True)
class EntryInput:
    """Everything a submitter can type into the entry form (images apart from alt texts)."""

    title: str = ""
    category_id: int | None = None
    entity_name: str = ""
    stakeholder_type: str | None = None
    country: str | None = None
    website: str = ""
    start_date: date | None = None
    project_status: str | None = None
    description: str = ""
    impact_economic: str = ""
    impact_social: str = ""
    impact_environmental: str = ""
    partnerships: str = ""
    challenges: str = ""
    declared_previous_winner: bool = False
    contacts: tuple[Contact, ...] = ()
    #: Linked SDGs and the answer explaining each link, ordered by SDG number.
    sdgs: tuple[tuple[int, str], ...] = ()
    #: Alt text of every image (kept or newly uploaded), in order.
    image_alts: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Limits:
    """An edition's word limits."""

    description_min: int = 150
    description_max: int = 200
    answer_min: int = 50
    sdg_answer_min: int = SDG_ANSWER_MIN_WORDS


@dataclass(frozen=True)
class Problem:
    """Something missing or wrong, tied to the form field (its HTML id) to fix."""

    field: str
    message: str | LazyString


#: The free-text answers of the form, in page order.
TEXT_ANSWERS: tuple[str, ...] = (
    "description",
    "impact_economic",
    "impact_social",
    "impact_environmental",
    "partnerships",
    "challenges",
)

LONG_ANSWERS: tuple[tuple[str, LazyString], ...] = (
    ("impact_economic", _l("Economic impact")),
    ("impact_social", _l("Social impact")),
    ("impact_environmental", _l("Environmental impact")),
    ("partnerships", _l("Partnerships")),
    ("challenges", _l("Challenges and future perspectives")),
)


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
