"""Demo votes for the demo edition's voting phase, with a planted suspicious cluster.

A few thousand votes from demo voter accounts across the nominees (each voter in one or more
categories, on a network of their own, with one of the usual browsers, at a spread of times),
and one cluster for the suspicious-activity page to find: 300 votes from one /24, with one
user agent, from accounts created minutes before voting, all for one nominee, in one hour.
Deterministic (a seeded random). Written directly as votes and their evidence, in bulk; the
tallies are rebuilt so the organisers' pages count them. Flushes; the CLI commits.

Addresses come from ranges reserved for documentation and benchmarks (198.18.0.0/15,
203.0.113.0/24, 2001:db8::/32), so no real network is named.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select

from awards.accounts.models import User
from awards.accounts.passwords import hash_password
from awards.accounts.rules import email_key
from awards.contest.models import Edition
from awards.extensions import db
from awards.review.nominees import nominees_of
from awards.stakeholders import StakeholderType
from awards.submissions.models import Entry
from awards.voting import tallies
from awards.voting.ballots import agent_key
from awards.voting.models import Vote, VoteEvidence
from awards.voting.network import subnet_of

SEED = 2021
VOTERS = 900
PLANTED = 300
PLANTED_NETWORK = "203.0.113"
PLANTED_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:86.0) Gecko/20100101 Firefox/86.0 VoteKit"
AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/89.0.4389.90 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 14_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/14.0.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 11; SM-A515F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/89.0.4389.90 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 11_2_3) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/14.0.3 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:86.0) Gecko/20100101 Firefox/86.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/89.0.4389.90 Safari/537.36 Edg/89.0.774.57",
)
LANGUAGES = ("en-GB,en;q=0.9", "fr-FR,fr;q=0.9,en;q=0.5", "es-ES,es;q=0.9", "ar,en;q=0.7",
             "ru-RU,ru;q=0.9", "zh-CN,zh;q=0.9", "pt-BR,pt;q=0.9,en;q=0.6")  # fmt: skip
COUNTRIES = ("KE", "NG", "BR", "IN", "EG", "CH", "MX", "ID", "RU", "CN", "FR", "AR")


def _voter_ip(rng: random.Random, n: int) -> str:
    if n % 5 == 0:
        return f"2001:db8:{rng.randrange(1, 0xFFFF):x}:{rng.randrange(0xFFFF):x}::{n % 97 + 1:x}"
    return f"198.{18 + n % 2}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def _accounts(
    rows: list[tuple[str, datetime]], password_hash: str, rng: random.Random
) -> list[int]:
    """Create the accounts (address, created) in bulk; their ids in order."""
    values = [
        {
            "name": f"Demo Voter {n + 1}",
            "email": address,
            "email_key": email_key(address),
            "password_hash": password_hash,
            "stakeholder_type": rng.choice(list(StakeholderType)),
            "country": rng.choice(COUNTRIES),
            "email_verified_at": created,
            "created_at": created,
        }
        for n, (address, created) in enumerate(rows)
    ]
    result = db.session.execute(
        insert(User).returning(User.id, sort_by_parameter_order=True), values
    )
    return [row.id for row in result]


def _insert_votes(votes: list[dict[str, object]], evidence: list[dict[str, object]]) -> None:
    result = db.session.execute(
        insert(Vote).returning(Vote.id, sort_by_parameter_order=True), votes
    )
    for row, extra in zip(result, evidence, strict=True):
        extra["vote_id"] = row.id
    db.session.execute(insert(VoteEvidence), evidence)


def add_demo_votes(edition: Edition, now: datetime) -> int:
    """Add the demo's votes to ``edition`` (once); how many. 0 without nominees."""
    nominees = nominees_of(edition)
    if not nominees or db.session.scalar(
        select(func.count()).select_from(Vote).where(Vote.edition_id == edition.id)
    ):
        return 0
    rng = random.Random(SEED)  # noqa: S311 - demo data
    start = edition.voting_opens
    end = min(now, edition.voting_closes) - timedelta(minutes=15)
    if end - start < timedelta(hours=6):
        return 0
    span = (end - start).total_seconds()
    categories = sorted(nominees)
    weights = {c: [rng.uniform(0.5, 3.0) for _ in nominees[c]] for c in categories}
    password_hash = hash_password(f"demo-voter-{rng.getrandbits(64)}")
    # When each voter votes; a third of them signed up just before (as real voters do).
    first = [start + timedelta(seconds=span * rng.random() ** 1.3) for _ in range(VOTERS)]
    created = [
        at - timedelta(minutes=rng.randrange(1, 20))
        if n % 3 == 0
        else start - timedelta(days=rng.randrange(1, 60), minutes=rng.randrange(1440))
        for n, at in enumerate(first)
    ]
    ids = _accounts(
        [(f"demo.voter{n + 1}.{edition.year}@example.org", c) for n, c in enumerate(created)],
        password_hash,
        rng,
    )
    votes: list[dict[str, object]] = []
    evidence: list[dict[str, object]] = []

    def cast(entry: Entry, voter: int, at: datetime, made: datetime, ip: str, agent: str) -> None:
        votes.append(
            {
                "edition_id": edition.id,
                "category_id": entry.category_id,
                "entry_id": entry.id,
                "voter_id": voter,
                "sequence": 1,
                "receipt": secrets.token_hex(16),  # unique across editions, as real receipts are
                "cast_at": at,
                "account_created_at": made,
                "subnet": subnet_of(ip),
                "agent_key": agent_key(agent),
            }
        )
        evidence.append({"ip": ip, "user_agent": agent, "accept_language": rng.choice(LANGUAGES)})

    for n, voter in enumerate(ids):
        ip, agent = _voter_ip(rng, n), rng.choice(AGENTS)
        how_many = min(len(categories), max(1, int(rng.expovariate(0.3))))
        for offset, category in enumerate(rng.sample(categories, how_many)):
            entry = rng.choices(nominees[category], weights[category])[0]
            cast(entry, voter, first[n] + timedelta(seconds=40 * offset), created[n], ip, agent)
    target = nominees[categories[0]][-1]
    # One clock hour, a few hours before the end (so an hourly signal sees it whole).
    hour = max(start, end - timedelta(hours=rng.randrange(3, 30)))
    hour = hour.replace(minute=0, second=0, microsecond=0)
    if hour < start:
        hour += timedelta(hours=1)
    planted_at = [hour + timedelta(seconds=rng.randrange(3600)) for _ in range(PLANTED)]
    made = [at - timedelta(minutes=rng.randrange(2, 10)) for at in planted_at]
    bots = _accounts(
        [(f"quick.voter{n + 1}.{edition.year}@example.org", m) for n, m in enumerate(made)],
        password_hash,
        rng,
    )
    for n, (voter, at) in enumerate(zip(bots, planted_at, strict=True)):
        cast(target, voter, at, made[n], f"{PLANTED_NETWORK}.{n % 254 + 1}", PLANTED_AGENT)
    _insert_votes(votes, evidence)
    tallies.rebuild(edition.id)
    db.session.flush()
    return len(votes)
