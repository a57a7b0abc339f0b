"""The "WSIS Prizes 2021" demo: an edition, an account per role and fake entries to click through.

Deterministic (a seeded random), so two runs give the same entries. Flushes; the CLI commits.
Every demo account shares :data:`DEMO_PASSWORD` and uses an ``example.org`` address, so the
demo must never be loaded into a production database that real people use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from awards import clock
from awards.accounts.models import RoleGrant, User
from awards.accounts.passwords import hash_password
from awards.accounts.roles import Role
from awards.accounts.rules import email_key
from awards.audit.services import record
from awards.contest import services as contest
from awards.contest.models import Category, Edition
from awards.contest.rules import Phase
from awards.extensions import db
from awards.geography import region_of
from awards.stakeholders import StakeholderType
from awards.submissions.keys import entity_key, title_key, website_key
from awards.submissions.models import (
    Entry,
    EntryContact,
    EntrySdg,
    EntryState,
    ProjectStatus,
    Screening,
)

DEMO_YEAR = 2021
DEMO_TITLE = "WSIS Prizes 2021"
DEMO_ZONE = "Europe/Zurich"
DEMO_PASSWORD = "wsis-demo-2021"  # noqa: S105 - printed on purpose: it is the demo's
DEMO_PHASES = ("submission", "nomination", "voting", "selection", "ceremony")
ENTRIES_PER_CATEGORY = 3
DRAFTS = 4
SEED = 2021

#: (e-mail, name, role or None for an ordinary account, stakeholder type, country)
ACCOUNTS: tuple[tuple[str, str, Role | None, StakeholderType, str], ...] = (
    ("organiser@example.org", "Olga Organiser", Role.ORGANISER, StakeholderType.OTHER, "CH"),
    ("jury@example.org", "Jamal Juror", Role.JURY, StakeholderType.ACADEMIA, "EG"),
    ("jury2@example.org", "Juana Jurado", Role.JURY, StakeholderType.CIVIL_SOCIETY, "AR"),
    ("jury3@example.org", "Jin Judge", Role.JURY, StakeholderType.PRIVATE_SECTOR, "KR"),
    ("submitter@example.org", "Sam Submitter", None, StakeholderType.GOVERNMENT, "KE"),
    ("voter@example.org", "Vera Voter", None, StakeholderType.CIVIL_SOCIETY, "BR"),
)

COUNTRIES = (
    "KE", "NG", "GH", "ZA", "RW", "SN", "BR", "MX", "CO", "CA", "JM", "EG", "AE", "JO", "MA",
    "TN", "IN", "JP", "PH", "ID", "BD", "AU", "RU", "KZ", "UZ", "AM", "CH", "ES", "PL", "EE",
    "PT", "GE",
)  # fmt: skip

_ADJECTIVES = (
    "Open", "Smart", "Digital", "Connected", "Inclusive", "Green", "Rural", "Mobile", "Shared",
    "Resilient", "Community", "Citizen", "Secure", "Local", "Bright", "Unified",
)  # fmt: skip
_NOUNS = (
    "Villages", "Classrooms", "Clinics", "Markets", "Farms", "Libraries", "Networks", "Maps",
    "Archives", "Labs", "Hubs", "Services", "Bridges", "Voices", "Records", "Pathways",
)  # fmt: skip
_ENTITIES = {
    StakeholderType.GOVERNMENT: "Ministry of Digital Development",
    StakeholderType.PRIVATE_SECTOR: "Telecom Solutions",
    StakeholderType.CIVIL_SOCIETY: "Foundation for Digital Inclusion",
    StakeholderType.INTERNATIONAL_ORGANIZATION: "Regional Development Office",
    StakeholderType.ACADEMIA: "University Institute of Technology",
    StakeholderType.OTHER: "Community Network Cooperative",
}
_WORD_LIST = (
    "access affordable broadband capacity citizens communities connectivity content data "
    "development digital education farmers gender government health inclusion information "
    "infrastructure innovation internet knowledge learning literacy local mobile network online "
    "open partners platform policy public regional rural schools services skills society "
    "sustainable teachers technology training users villages women youth project results impact "
    "growth jobs resilience climate energy water cooperation research partnership tools "
    "language culture media security trust privacy standards quality evidence outcomes"
)
_WORDS = tuple(_WORD_LIST.split())
_JOB_TITLES = ("Project Manager", "Director", "Programme Officer", "Coordinator")


@dataclass
class DemoResult:
    """What the demo loaded, for the CLI to print."""

    edition: Edition
    created: bool
    accounts: list[tuple[str, str]] = field(default_factory=list)
    entries: int = 0
    password: str = DEMO_PASSWORD


def find_demo_edition() -> Edition | None:
    """The demo edition (the 2021 edition), if loaded."""
    return db.session.scalar(select(Edition).where(Edition.year == DEMO_YEAR))


def load_demo(phase: str = "submission", now: datetime | None = None) -> DemoResult:
    """Load the demo, or move an existing demo's calendar so that ``phase`` is current."""
    if phase not in DEMO_PHASES:
        raise ValueError(f"phase must be one of {', '.join(DEMO_PHASES)}")
    now = now or clock.utcnow()
    dates = contest.calendar_with_phase_now(Phase(phase), now, DEMO_ZONE)
    edition = find_demo_edition()
    created = edition is None
    if edition is None:
        edition = contest.create_edition(
            DEMO_YEAR, DEMO_TITLE, DEMO_ZONE, dates, wsis_categories=True
        )
    else:
        contest.update_schedule(edition, dates, summary=f"Demo calendar moved to the {phase} phase")
    result = DemoResult(edition=edition, created=created)
    users = _ensure_accounts(edition, result)
    if created:
        result.entries = _add_entries(edition, users, now)
    return result


def _ensure_accounts(edition: Edition, result: DemoResult) -> dict[str, User]:
    password_hash: str | None = None
    users: dict[str, User] = {}
    for address, name, role, stakeholder, country in ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email_key == email_key(address)))
        if user is None:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            user = User(
                name=name,
                email=address,
                email_key=email_key(address),
                password_hash=password_hash,
                stakeholder_type=stakeholder,
                country=country,
                email_verified_at=clock.utcnow(),
            )
            db.session.add(user)
        scope = None if role is Role.ORGANISER else edition.id
        if role is not None and not any(
            g.role == role and g.edition_id == scope for g in user.roles
        ):
            user.roles.append(RoleGrant(role=role, edition_id=scope))
        users[address] = user
        result.accounts.append((address, role.value if role else "submitter/voter"))
    db.session.flush()
    return users


def _words(rng: random.Random, count: int) -> str:
    """``count`` words in sentences of 6–14 words."""
    sentences: list[str] = []
    left = count
    while left > 0:
        size = min(left, rng.randint(6, 14))
        words = [rng.choice(_WORDS) for _ in range(size)]
        sentences.append(" ".join(words).capitalize() + ".")
        left -= size
    return " ".join(sentences)


def _add_entries(edition: Edition, users: dict[str, User], now: datetime) -> int:
    rng = random.Random(SEED)  # noqa: S311 - fake content, not security
    owner = users["submitter@example.org"]
    submitted_at = min(edition.submission_opens + timedelta(days=20), now - timedelta(hours=1))
    screened_at = min(submitted_at + timedelta(hours=2), now)
    created_at = min(edition.submission_opens + timedelta(days=1), now - timedelta(hours=2))
    titles: set[str] = set()
    count = 0
    for category in edition.categories:
        for _ in range(ENTRIES_PER_CATEGORY):
            entry = _fake_entry(rng, category, owner, titles, created_at)
            entry.state = EntryState.SUBMITTED
            entry.submitted_at = submitted_at
            entry.screening = Screening.ELIGIBLE
            entry.screened_at = screened_at
            db.session.add(entry)
            count += 1
    for category in edition.categories[:DRAFTS]:
        entry = _fake_entry(rng, category, owner, titles, created_at)
        entry.description = _words(rng, 90)  # a draft: too short to submit yet
        db.session.add(entry)
        count += 1
    db.session.flush()
    record(
        "demo.loaded",
        edition,
        f"Demo entries loaded: {count}",
        edition_id=edition.id,
        changes={"entries": count},
    )
    return count


def _fake_entry(
    rng: random.Random,
    category: Category,
    owner: User,
    titles: set[str],
    created_at: datetime,
) -> Entry:
    country = rng.choice(COUNTRIES)
    stakeholder = rng.choice(list(StakeholderType))
    title = ""
    while not title or title in titles:
        title = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {rng.randint(1, 999)}"
    titles.add(title)
    entity = f"{_ENTITIES[stakeholder]} {country}-{len(titles)}"
    website = f"https://project{len(titles)}.example.org/"
    region = region_of(country)
    sdgs = rng.sample(category.suggested_sdgs, k=min(2, len(category.suggested_sdgs)))
    entry = Entry(
        edition_id=category.edition_id,
        category_id=category.id,
        owner_id=owner.id,
        title=title,
        title_key=title_key(title),
        entity_name=entity,
        entity_key=entity_key(entity),
        stakeholder_type=stakeholder,
        country=country,
        region=region.value if region else None,
        website=website,
        website_key=website_key(website),
        start_date=date(2017 + rng.randint(0, 3), rng.randint(1, 12), 1),
        project_status=rng.choice(list(ProjectStatus)),
        description=_words(rng, rng.randint(160, 190)),
        impact_economic=_words(rng, rng.randint(55, 80)),
        impact_social=_words(rng, rng.randint(55, 80)),
        impact_environmental=_words(rng, rng.randint(55, 80)),
        partnerships=_words(rng, rng.randint(55, 80)),
        challenges=_words(rng, rng.randint(55, 80)),
        created_at=created_at,
        updated_at=created_at,
    )
    entry.contacts.append(
        EntryContact(
            position=0,
            name=f"Contact {len(titles)}",
            email=f"contact{len(titles)}@example.org",
            job_title=rng.choice(_JOB_TITLES),
        )
    )
    for sdg in sorted(sdgs):
        entry.sdgs.append(EntrySdg(sdg=sdg, answer=_words(rng, rng.randint(55, 70))))
    return entry
