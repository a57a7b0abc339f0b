"""The "WSIS Prizes 2021" demo: an edition, an account per role and fake entries to click through.

Deterministic (a seeded random), so two runs give the same entries. Flushes; the CLI commits.
Every demo account shares :data:`DEMO_PASSWORD` and uses an ``example.org`` address, so the
demo must never be loaded into a production database that real people use.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from awards import clock, demo_voting
from awards import demo_content as content
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
    ("amina.okafor@example.org", "Amina Okafor", None, StakeholderType.CIVIL_SOCIETY, "NG"),
    ("lucia.fernandez@example.org", "Lucía Fernández", None, StakeholderType.ACADEMIA, "CO"),
    ("rahul.mehta@example.org", "Rahul Mehta", None, StakeholderType.PRIVATE_SECTOR, "IN"),
    ("voter@example.org", "Vera Voter", None, StakeholderType.CIVIL_SOCIETY, "BR"),
)

COUNTRIES = (
    "KE", "NG", "GH", "ZA", "RW", "SN", "BR", "MX", "CO", "CA", "JM", "EG", "AE", "JO", "MA",
    "TN", "IN", "JP", "PH", "ID", "BD", "AU", "RU", "KZ", "UZ", "AM", "CH", "ES", "PL", "EE",
    "PT", "GE",
)  # fmt: skip

_JOB_TITLES = ("Project Manager", "Director", "Programme Officer", "Coordinator")
_CONTACT_NAMES = (
    ("Grace", "Wanjiru"), ("Kwame", "Mensah"), ("Aisha", "Diallo"), ("Thabo", "Nkosi"),
    ("Camila", "Souza"), ("Diego", "Ramírez"), ("Leila", "Haddad"), ("Omar", "Khalil"),
    ("Priya", "Nair"), ("Hiroshi", "Sato"), ("Maria", "Santos"), ("Nurlan", "Abenov"),
    ("Elena", "Petrova"), ("Ana", "Kapanadze"), ("Kadri", "Tamm"), ("João", "Pereira"),
)  # fmt: skip
#: Accounts that own the demo's entries, in turn.
SUBMITTERS = (
    "submitter@example.org",
    "amina.okafor@example.org",
    "lucia.fernandez@example.org",
    "rahul.mehta@example.org",
)


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
    edition.is_demo = True
    result = DemoResult(edition=edition, created=created)
    users = _ensure_accounts(edition, result)
    if created:
        result.entries = _add_entries(edition, users, now)
    # Until the Expert Group nominates, the demo nominates itself (voting and later phases).
    demo_voting.nominate_demo_entries(edition, phase, now)
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


def _add_entries(edition: Edition, users: dict[str, User], now: datetime) -> int:
    rng = random.Random(SEED)  # noqa: S311 - fake content, not security
    owners = [users[address] for address in SUBMITTERS]
    submitted_at = min(edition.submission_opens + timedelta(days=20), now - timedelta(hours=1))
    screened_at = min(submitted_at + timedelta(hours=2), now)
    created_at = min(edition.submission_opens + timedelta(days=1), now - timedelta(hours=2))
    count = 0
    for category in edition.categories:
        countries = rng.sample(COUNTRIES, ENTRIES_PER_CATEGORY + 1)
        for country in countries[:ENTRIES_PER_CATEGORY]:
            owner = owners[count % len(owners)]
            entry = _fake_entry(rng, category, owner, country, created_at)
            entry.state = EntryState.SUBMITTED
            entry.submitted_at = submitted_at
            entry.screening = Screening.ELIGIBLE
            entry.screened_at = screened_at
            db.session.add(entry)
            count += 1
        if category.number <= DRAFTS:
            owner = owners[count % len(owners)]
            entry = _fake_entry(rng, category, owner, countries[-1], created_at)
            # A draft: the summary is half written, too short to submit yet.
            entry.description = " ".join(entry.description.split(". ")[:4]) + "."
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


def _slug(text: str) -> str:
    """``"Fès"`` -> ``"fes"``, ``"TeleClinic Alice Springs"`` -> ``"teleclinic-alice-springs"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _fake_entry(
    rng: random.Random,
    category: Category,
    owner: User,
    country: str,
    created_at: datetime,
) -> Entry:
    stakeholder = rng.choice(list(StakeholderType))
    project = content.story(rng, content.PROFILES[category.number], country, stakeholder)
    slug = _slug(project.title)
    website = f"https://{slug}.example.org/"
    region = region_of(country)
    sdgs = rng.sample(category.suggested_sdgs, k=min(2, len(category.suggested_sdgs)))
    entry = Entry(
        edition_id=category.edition_id,
        category_id=category.id,
        owner_id=owner.id,
        title=project.title,
        title_key=title_key(project.title),
        entity_name=project.entity,
        entity_key=entity_key(project.entity),
        stakeholder_type=stakeholder,
        country=country,
        region=region.value if region else None,
        website=website,
        website_key=website_key(website),
        start_date=date(project.start_year, rng.randint(1, 12), 1),
        project_status=rng.choice(list(ProjectStatus)),
        description=content.description(project),
        impact_economic=content.answer(project, "economic"),
        impact_social=content.answer(project, "social"),
        impact_environmental=content.answer(project, "environmental"),
        partnerships=content.answer(project, "partnerships"),
        challenges=content.answer(project, "challenges"),
        created_at=created_at,
        updated_at=created_at,
    )
    first, last = rng.choice(_CONTACT_NAMES)
    entry.contacts.append(
        EntryContact(
            position=0,
            name=f"{first} {last}",
            email=f"{_slug(first)}.{slug}@example.org",
            job_title=rng.choice(_JOB_TITLES),
        )
    )
    for sdg in sorted(sdgs):
        entry.sdgs.append(EntrySdg(sdg=sdg, answer=content.sdg_answer(project, sdg)))
    return entry
