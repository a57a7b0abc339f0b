"""The suspicious-activity report: each signal's flags with the numbers behind them.

Candidates come from the running tallies (:mod:`awards.voting.tallies`: a few hundred rows
read through an index, however many votes there are); only the candidates are looked at in the
vote table, through its ``(edition_id, subnet)`` and ``(entry_id, cast_at)`` indexes. What makes
a candidate a flag is decided by :mod:`awards.voting.fraud_rules`. Every number is over the
votes cast before the tallies' mark (at most ten minutes ago). Reads only, apart from adding
the latest votes to the tallies (flush, never commit).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from awards.contest.models import Edition
from awards.extensions import db
from awards.submissions.models import Entry
from awards.voting import clusters
from awards.voting import fraud_rules as rules
from awards.voting.fraud_rules import ClusterKind, ClusterRef, Thresholds
from awards.voting.models import Vote, VoteEvidence
from awards.voting.tallies import seal
from awards.voting.tally_models import (
    VoteAgentTally,
    VoteEntryTally,
    VoteHourTally,
    VoteSubnetTally,
)


@dataclass(frozen=True)
class Flag:
    """One suspicious cluster and the numbers that make it one."""

    ref: ClusterRef
    entry_id: int
    category_id: int
    #: Votes in the cluster for the nominee, and the accounts that cast them.
    votes: int
    accounts: int = 0
    #: Votes beyond what the rest of the traffic predicts (flags are ordered by it).
    excess: int = 0
    #: The nominee's votes, and its category's (every vote cast).
    nominee_votes: int = 0
    category_votes: int = 0
    #: Network or user agent: all its votes, and its votes in the nominee's category.
    source_votes: int = 0
    source_category_votes: int = 0
    #: Other nominees the same network also concentrates on.
    also_nominees: int = 0
    lift: float = 0.0
    #: Hourly signals: the nominee's usual count (median per hour) and that hour's votes.
    baseline: float = 0.0
    hour_votes: int = 0
    #: Sign-up bursts: when the accounts were created (first, last).
    created_between: tuple[datetime, datetime] | None = None
    #: A sample of the user agent, while the evidence is kept.
    user_agent: str | None = None
    #: Current votes of the cluster, and how many an active quarantine already sets aside.
    current_votes: int = 0
    quarantined: int = 0

    @property
    def kind(self) -> ClusterKind:
        return self.ref.kind

    @property
    def concentration(self) -> float:
        """The share of the source's votes in the category that went to the nominee."""
        return rules.share(self.votes, self.source_category_votes)

    @property
    def nominee_share(self) -> float:
        """The share of the nominee's votes that the cluster holds."""
        return rules.share(self.votes, self.nominee_votes)

    @property
    def category_share(self) -> float:
        """The share of the category's votes that went to the nominee."""
        return rules.share(self.nominee_votes, self.category_votes)

    @property
    def reviewed(self) -> bool:
        """Every current vote of the cluster is set aside already."""
        return self.current_votes > 0 and self.quarantined >= self.current_votes


@dataclass
class Report:
    """The flags of an edition, largest excess first, and what the numbers cover."""

    flags: list[Flag]
    sealed_until: datetime | None
    votes_counted: int
    #: Candidates above the minimum that were not examined (beyond ``Thresholds.candidates``).
    not_examined: dict[ClusterKind, int] = field(default_factory=dict)
    entries: dict[int, Entry] = field(default_factory=dict)


def suspicious_activity(
    edition: Edition, now: datetime, thresholds: Thresholds = rules.DEFAULT_THRESHOLDS
) -> Report:
    """Every signal's flags for ``edition``, with their numbers, largest excess first."""
    mark = seal(edition.id, now)
    until = mark.sealed_until
    totals = _entry_totals(edition.id)
    report = Report(flags=[], sealed_until=until, votes_counted=mark.votes)
    if until is None or not mark.votes:
        return report
    finders = (
        (ClusterKind.SUBNET, _subnet_flags),
        (ClusterKind.AGENT, _agent_flags),
        (ClusterKind.BURST, _hourly_flags),
        (ClusterKind.SIGNUP, _hourly_flags),
    )
    for kind, finder in finders:
        flags, skipped = finder(edition, kind, until, totals, thresholds)
        report.flags += flags
        if skipped:
            report.not_examined[kind] = skipped
    report.flags = [_with_quarantined(edition.id, f) for f in report.flags]
    report.flags.sort(key=lambda f: (f.reviewed, -f.excess, f.ref.text))
    ids = {f.entry_id for f in report.flags}
    if ids:
        rows = db.session.scalars(select(Entry).where(Entry.id.in_(ids)))
        report.entries = {e.id: e for e in rows}
    return report


@dataclass(frozen=True)
class _Totals:
    """Votes cast per nominee and per category (from the tallies)."""

    nominee: dict[int, int]
    category_of: dict[int, int]
    category: dict[int, int]

    def expected(self, entry_id: int, source_nominee: int, source_category: int) -> float:
        """Votes a source would give the nominee if it voted like the rest of the traffic."""
        category = self.category.get(self.category_of.get(entry_id, 0), 0)
        nominee = self.nominee.get(entry_id, 0)
        return rules.expected_votes(source_nominee, source_category, nominee, category)


def _entry_totals(edition_id: int) -> _Totals:
    nominee: dict[int, int] = {}
    category_of: dict[int, int] = {}
    category: dict[int, int] = defaultdict(int)
    rows = db.session.execute(
        select(VoteEntryTally.entry_id, VoteEntryTally.category_id, VoteEntryTally.votes).where(
            VoteEntryTally.edition_id == edition_id
        )
    )
    for entry_id, category_id, votes in rows:
        nominee[entry_id] = votes
        category_of[entry_id] = category_id
        category[category_id] += votes
    return _Totals(nominee, category_of, dict(category))


def _candidates(model: Any, column: Any, edition_id: int, minimum: int, limit: int) -> list[Any]:
    """Tally rows with at least ``minimum`` in ``column``, largest first (an index range), as
    plain rows: thousands of them, too many to make ORM objects of."""
    columns = [c for c in model.__table__.columns if c.name != "edition_id"]
    return list(
        db.session.execute(
            select(*columns)
            .where(model.edition_id == edition_id, column >= minimum)
            .order_by(column.desc())
            .limit(limit)
        )
    )


def _overflow(model: Any, column: Any, edition_id: int, minimum: int, limit: int) -> int:
    above = db.session.scalar(
        select(func.count()).where(model.edition_id == edition_id, column >= minimum)
    )
    return max(0, (above or 0) - limit)


def _per_category(model: Any, source: Any, edition_id: int, keys: set[str]) -> dict[Any, int]:
    """Votes per (source, category) of the given sources, from a pair tally."""
    totals: dict[Any, int] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        rows = db.session.execute(
            select(source, model.category_id, func.sum(model.votes))
            .where(model.edition_id == edition_id, source.in_(ordered[start : start + 500]))
            .group_by(source, model.category_id)
        )
        totals.update({(key, category): int(n) for key, category, n in rows})
    return totals


def _subnet_flags(
    edition: Edition, kind: ClusterKind, until: datetime, totals: _Totals, th: Thresholds
) -> tuple[list[Flag], int]:
    pairs = _candidates(
        VoteSubnetTally, VoteSubnetTally.votes, edition.id, th.subnet_min_votes, th.candidates
    )
    if not pairs:
        return [], 0
    sums = _per_category(
        VoteSubnetTally, VoteSubnetTally.subnet, edition.id, {p.subnet for p in pairs}
    )
    found: dict[str, list[tuple[int, Any, int]]] = defaultdict(list)
    for pair in pairs:
        in_category = sums.get((pair.subnet, pair.category_id), pair.votes)
        if rules.is_network_cluster(pair.votes, in_category, th):
            surplus = rules.excess(
                pair.votes, totals.expected(pair.entry_id, pair.votes, in_category)
            )
            found[pair.subnet].append((surplus, pair, in_category))
    flags = []
    for subnet, items in found.items():
        items.sort(key=lambda item: (-item[0], item[1].entry_id))
        surplus, pair, in_category = items[0]
        accounts = db.session.scalar(
            select(func.count(Vote.voter_id.distinct())).where(
                Vote.edition_id == edition.id, Vote.subnet == subnet, Vote.cast_at < until
            )
        )
        flags.append(
            Flag(
                ref=ClusterRef(ClusterKind.SUBNET, subnet=subnet),
                entry_id=pair.entry_id,
                category_id=pair.category_id,
                votes=pair.votes,
                accounts=accounts or 0,
                excess=surplus,
                nominee_votes=totals.nominee.get(pair.entry_id, 0),
                category_votes=totals.category.get(pair.category_id, 0),
                source_votes=sum(n for (key, _), n in sums.items() if key == subnet),
                source_category_votes=in_category,
                also_nominees=len(items) - 1,
            )
        )
    skipped = _overflow(
        VoteSubnetTally, VoteSubnetTally.votes, edition.id, th.subnet_min_votes, th.candidates
    )
    return flags, skipped


def _agent_flags(
    edition: Edition, kind: ClusterKind, until: datetime, totals: _Totals, th: Thresholds
) -> tuple[list[Flag], int]:
    pairs = _candidates(
        VoteAgentTally, VoteAgentTally.votes, edition.id, th.agent_min_votes, th.candidates
    )
    if not pairs:
        return [], 0
    sums = _per_category(
        VoteAgentTally, VoteAgentTally.agent_key, edition.id, {p.agent_key for p in pairs}
    )
    flags = []
    for pair in pairs:
        in_category = sums.get((pair.agent_key, pair.category_id), pair.votes)
        nominee = totals.nominee.get(pair.entry_id, 0)
        category = totals.category.get(pair.category_id, 0)
        if not rules.is_agent_cluster(pair.votes, in_category, nominee, category, th):
            continue
        of_pair = (
            Vote.entry_id == pair.entry_id,
            Vote.agent_key == pair.agent_key,
            Vote.cast_at < until,
        )
        accounts = db.session.scalar(select(func.count(Vote.voter_id.distinct())).where(*of_pair))
        sample = db.session.scalar(
            select(VoteEvidence.user_agent)
            .join(Vote, Vote.id == VoteEvidence.vote_id)
            .where(*of_pair, VoteEvidence.user_agent.is_not(None))
            .limit(1)
        )
        flags.append(
            Flag(
                ref=ClusterRef(ClusterKind.AGENT, agent_key=pair.agent_key, entry_id=pair.entry_id),
                entry_id=pair.entry_id,
                category_id=pair.category_id,
                votes=pair.votes,
                accounts=accounts or 0,
                excess=rules.excess(
                    pair.votes, totals.expected(pair.entry_id, pair.votes, in_category)
                ),
                nominee_votes=nominee,
                category_votes=category,
                source_category_votes=in_category,
                source_votes=sum(n for (key, _), n in sums.items() if key == pair.agent_key),
                lift=round(rules.lift(pair.votes, in_category, nominee, category), 1),
                user_agent=sample,
            )
        )
    skipped = _overflow(
        VoteAgentTally, VoteAgentTally.votes, edition.id, th.agent_min_votes, th.candidates
    )
    return flags, skipped


def _hourly_flags(
    edition: Edition, kind: ClusterKind, until: datetime, totals: _Totals, th: Thresholds
) -> tuple[list[Flag], int]:
    """Hours of a nominee far above its usual hour, narrowed in SQL by the same inequality
    (``votes * (hours - 1) >= factor * (total - votes)``), confirmed by the pure rule."""
    signup = kind is ClusterKind.SIGNUP
    hour = VoteHourTally
    column = hour.fresh_votes if signup else hour.votes
    total = VoteEntryTally.fresh_votes if signup else VoteEntryTally.votes
    minimum = th.signup_min_votes if signup else th.burst_min_votes
    factor = th.signup_factor if signup else th.burst_factor
    slots = rules.hours_between(edition.voting_opens, min(until, edition.voting_closes))
    others = max(1, slots - 1)
    above = (column * others) >= (total - column) * factor
    narrowed = (
        select(
            hour.entry_id,
            hour.category_id,
            hour.hour,
            hour.votes,
            hour.fresh_votes,
            total.label("total"),
        )
        .join(
            VoteEntryTally,
            (VoteEntryTally.edition_id == hour.edition_id)
            & (VoteEntryTally.entry_id == hour.entry_id),
        )
        .where(hour.edition_id == edition.id, column >= max(minimum, factor), above)
    )
    rows = db.session.execute(narrowed.order_by(column.desc()).limit(th.candidates)).all()
    skipped = 0
    if len(rows) == th.candidates:
        counted = select(func.count()).select_from(narrowed.subquery())
        skipped = (db.session.scalar(counted) or 0) - th.candidates
    flags = []
    for row in rows:
        observed = row.fresh_votes if signup else row.votes
        usual = rules.usual_hour(row.total, observed, slots)
        if not rules.is_burst(observed, usual, min_votes=minimum, factor=factor):
            continue
        flag = Flag(
            ref=ClusterRef(kind, entry_id=row.entry_id, hour=row.hour),
            entry_id=row.entry_id,
            category_id=row.category_id,
            votes=observed,
            excess=rules.excess(observed, usual),
            nominee_votes=totals.nominee.get(row.entry_id, 0),
            category_votes=totals.category.get(row.category_id, 0),
            baseline=round(usual, 1),
            hour_votes=row.votes,
        )
        flags.append(_hour_details(edition.id, flag))
    return flags, skipped


def _hour_details(edition_id: int, flag: Flag) -> Flag:
    accounts, first, last = db.session.execute(
        select(
            func.count(Vote.voter_id.distinct()),
            func.min(Vote.account_created_at),
            func.max(Vote.account_created_at),
        ).where(clusters.cluster_condition(edition_id, flag.ref))
    ).one()
    created = (first, last) if flag.kind is ClusterKind.SIGNUP and first is not None else None
    return replace(flag, accounts=accounts, created_between=created)


def _with_quarantined(edition_id: int, flag: Flag) -> Flag:
    current, held = clusters.counts(edition_id, flag.ref)
    return replace(flag, current_votes=current, quarantined=held)
