"""An edition of the live database whose public voting is open now, with nominees to vote for.

Idempotent (a second call returns what the first made), so journeys and the axe sweep can share
it; its year (2098) is below the submission journeys' edition (2099), which stays the current
one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from awards.accounts.models import User
from awards.accounts.passwords import hash_password
from awards.clock import utcnow
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.geography import region_of
from awards.stakeholders import StakeholderType
from awards.submissions.models import Entry, Screening
from awards.voting.models import Vote, VotingSettings
from awards.voting.receipts import new_receipt
from tests.entry_factory import make_entry
from tests.voting_factory import nominate

YEAR = 2098
TITLES = {
    1: ("Open Budget Kisumu", "Mobile Budget Dakar", "Village Voices Cusco"),
    2: ("Last Mile Mesh Tamale", "Solar Relay Network Jaipur", "Fibre for Schools Tartu"),
    3: ("TeleClinic Alice Springs", "Mother and Child SMS Lima", "Health Records Almaty"),
}
COUNTRIES = ("KE", "SN", "PE", "GH", "IN", "EE", "AU", "PE", "KZ")


def voting_edition(voter_email: str | None = None) -> dict[str, Any]:
    """The 2098 edition (voting open, receipts e-mailed) and, for ``voter_email``, one vote."""
    edition = db.session.scalar(select(Edition).where(Edition.year == YEAR))
    if edition is None:
        edition = _create()
    nominees = {
        c.number: list(
            db.session.scalars(select(Entry).where(Entry.category_id == c.id).order_by(Entry.id))
        )
        for c in edition.categories
    }
    receipt = None
    if voter_email:
        voter = db.session.scalar(select(User).where(User.email_key == voter_email))
        assert voter is not None, voter_email
        first = nominees[1][0]
        vote = db.session.scalar(
            select(Vote).where(Vote.voter_id == voter.id, Vote.category_id == first.category_id)
        )
        if vote is None:
            vote = Vote(
                edition_id=edition.id,
                category_id=first.category_id,
                entry_id=first.id,
                voter_id=voter.id,
                receipt=new_receipt(),
                cast_at=utcnow(),
                account_created_at=voter.created_at,
            )
            db.session.add(vote)
            db.session.flush()
        receipt = vote.receipt
    return {
        "year": YEAR,
        "nominees": {n: [(e.id, e.title) for e in es] for n, es in nominees.items()},
        "receipt": receipt,
    }


def _create() -> Edition:
    now = utcnow()
    opens = now - timedelta(days=5)
    edition = Edition(
        year=YEAR,
        title=f"WSIS Prizes {YEAR}",
        timezone="Europe/Zurich",
        submission_opens=opens - timedelta(days=90),
        submission_closes=opens - timedelta(days=60),
        nomination_opens=opens - timedelta(days=50),
        nomination_closes=opens - timedelta(days=10),
        voting_opens=opens,
        voting_closes=now + timedelta(days=20),
        selection_opens=now + timedelta(days=21),
        selection_closes=now + timedelta(days=30),
        ceremony_at=now + timedelta(days=40),
        closes_at=None,
    )
    names = ("Public governance", "Information and communication infrastructure", "E-health")
    for number, name in enumerate(names, start=1):
        edition.categories.append(
            Category(number=number, action_line=f"C{number}", name=name, suggested_sdgs=[3, 9])
        )
    db.session.add(edition)
    owner = User(
        name="Nominee Owner",
        email="nominees-2098@example.org",
        email_key="nominees-2098@example.org",
        password_hash=hash_password("not used in these tests 1"),
        stakeholder_type=StakeholderType.CIVIL_SOCIETY,
        country="CH",
        email_verified_at=now,
    )
    db.session.add(owner)
    db.session.flush()
    db.session.add(VotingSettings(edition_id=edition.id, email_receipts=True))
    countries = iter(COUNTRIES)
    for category in edition.categories:
        entries = []
        for title in TITLES[category.number]:
            country = next(countries)
            region = region_of(country)
            entries.append(
                make_entry(
                    edition,
                    owner,
                    category=category,
                    title=title,
                    entity_name=f"{title.split()[0]} Foundation {category.number}",
                    country=country,
                    region=region.value if region else None,
                    screening=Screening.ELIGIBLE,
                )
            )
        nominate(entries)
    return edition
