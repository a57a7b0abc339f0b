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

from sqlalchemy import func, select, tuple_

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


def _candidates(model: Any, column: Any, edition_id: int, minimum: int, limit: int) -> Any:
    return (
        select(model)
        .where(model.edition_id == edition_id, column >= minimum)
        .order_by(column.desc())
        .limit(limit)
    )


def _overflow(model: Any, column: Any, edition_id: int, minimum: int, limit: int) -> int:
    above = db.session.scalar(
        select(func.count()).where(model.edition_id == edition_id, column >= minimum)
    )
    return max(0, (above or 0) - limit)


def _subnet_flags(
    edition: Edition, kind: ClusterKind, until: datetime, totals: _Totals, th: Thresholds
) -> tuple[list[Flag], int]:
    votes = VoteSubnetTally.votes
    networks = {
        row.subnet: row.votes
        for row in db.session.scalars(
            _candidates(VoteSubnetTally, votes, edition.id, th.subnet_min_votes, th.candidates)
        )
    }
    if not networks:
        return [], 0
    in_window = (Vote.edition_id == edition.id, Vote.cast_at < until, Vote.subnet.in_(networks))
    per_nominee: dict[str, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for subnet, category_id, entry_id, count in db.session.execute(
        select(Vote.subnet, Vote.category_id, Vote.entry_id, func.count())
        .where(*in_window)
        .group_by(Vote.subnet, Vote.category_id, Vote.entry_id)
    ):
        per_nominee[subnet][category_id][entry_id] = count
    flags = []
    for subnet, categories in per_nominee.items():
        found = []
        for category_id, counts in categories.items():
            in_category = sum(counts.values())
            for entry_id, count in counts.items():
                if rules.is_network_cluster(count, in_category, th):
                    surplus = rules.excess(count, totals.expected(entry_id, count, in_category))
                    found.append((surplus, entry_id, category_id, count, in_category))
        if not found:
            continue
        found.sort(reverse=True)
        surplus, entry_id, category_id, count, in_category = found[0]
        flags.append(
            Flag(
                ref=ClusterRef(ClusterKind.SUBNET, subnet=subnet),
                entry_id=entry_id,
                category_id=category_id,
                votes=count,
                excess=surplus,
                nominee_votes=totals.nominee.get(entry_id, 0),
                category_votes=totals.category.get(category_id, 0),
                source_votes=networks[subnet],
                source_category_votes=in_category,
                also_nominees=len(found) - 1,
            )
        )
    if flags:
        accounts = dict(
            db.session.execute(
                select(Vote.subnet, func.count(Vote.voter_id.distinct()))
                .where(
                    Vote.edition_id == edition.id,
                    Vote.cast_at < until,
                    Vote.subnet.in_([f.ref.subnet for f in flags]),
                )
                .group_by(Vote.subnet)
            ).all()
        )
        flags = [replace(f, accounts=accounts.get(f.ref.subnet, 0)) for f in flags]
    skipped = _overflow(VoteSubnetTally, votes, edition.id, th.subnet_min_votes, th.candidates)
    return flags, skipped


def _agent_flags(
    edition: Edition, kind: ClusterKind, until: datetime, totals: _Totals, th: Thresholds
) -> tuple[list[Flag], int]:
    votes = VoteAgentTally.votes
    rows = list(
        db.session.scalars(
            _candidates(VoteAgentTally, votes, edition.id, th.agent_min_votes, th.candidates)
        )
    )
    if not rows:
        return [], 0
    per_category = {
        (agent, category): count
        for agent, category, count in db.session.execute(
            select(VoteAgentTally.agent_key, VoteAgentTally.category_id, func.sum(votes))
            .where(
                VoteAgentTally.edition_id == edition.id,
                VoteAgentTally.agent_key.in_({r.agent_key for r in rows}),
            )
            .group_by(VoteAgentTally.agent_key, VoteAgentTally.category_id)
        )
    }
    flags = []
    for row in rows:
        in_category = per_category.get((row.agent_key, row.category_id), row.votes)
        nominee = totals.nominee.get(row.entry_id, 0)
        category = totals.category.get(row.category_id, 0)
        if not rules.is_agent_cluster(row.votes, in_category, nominee, category, th):
            continue
        flags.append(
            Flag(
                ref=ClusterRef(ClusterKind.AGENT, agent_key=row.agent_key, entry_id=row.entry_id),
                entry_id=row.entry_id,
                category_id=row.category_id,
                votes=row.votes,
                excess=rules.excess(
                    row.votes, totals.expected(row.entry_id, row.votes, in_category)
                ),
                nominee_votes=nominee,
                category_votes=category,
                source_category_votes=in_category,
                source_votes=sum(n for (a, _), n in per_category.items() if a == row.agent_key),
                lift=round(rules.lift(row.votes, in_category, nominee, category), 1),
            )
        )
    if flags:
        keys = [(f.ref.agent_key, f.entry_id) for f in flags]
        pair = tuple_(Vote.agent_key, Vote.entry_id)
        accounts = {
            (agent, entry): n
            for agent, entry, n in db.session.execute(
                select(Vote.agent_key, Vote.entry_id, func.count(Vote.voter_id.distinct()))
                .where(Vote.edition_id == edition.id, Vote.cast_at < until, pair.in_(keys))
                .group_by(Vote.agent_key, Vote.entry_id)
            )
        }
        flags = [
            replace(
                f,
                accounts=accounts.get((f.ref.agent_key, f.entry_id), 0),
                user_agent=_sample_agent(edition.id, f.ref.agent_key),
            )
            for f in flags
        ]
    skipped = _overflow(VoteAgentTally, votes, edition.id, th.agent_min_votes, th.candidates)
    return flags, skipped


def _sample_agent(edition_id: int, agent_key: str) -> str | None:
    return db.session.scalar(
        select(VoteEvidence.user_agent)
        .join(Vote, Vote.id == VoteEvidence.vote_id)
        .where(
            Vote.edition_id == edition_id,
            Vote.agent_key == agent_key,
            VoteEvidence.user_agent.is_not(None),
        )
        .limit(1)
    )


def _hourly_flags(
    edition: Edition, kind: ClusterKind, until: datetime, totals: _Totals, th: Thresholds
) -> tuple[list[Flag], int]:
    signup = kind is ClusterKind.SIGNUP
    column = VoteHourTally.fresh_votes if signup else VoteHourTally.votes
    minimum = th.signup_min_votes if signup else th.burst_min_votes
    factor = th.signup_factor if signup else th.burst_factor
    rows = list(
        db.session.scalars(_candidates(VoteHourTally, column, edition.id, minimum, th.candidates))
    )
    if not rows:
        return [], 0
    history: dict[int, list[int]] = defaultdict(list)
    for entry_id, count in db.session.execute(
        select(VoteHourTally.entry_id, column).where(
            VoteHourTally.edition_id == edition.id,
            VoteHourTally.entry_id.in_({r.entry_id for r in rows}),
            column > 0,
        )
    ):
        history[entry_id].append(count)
    slots = rules.hours_between(edition.voting_opens, min(until, edition.voting_closes))
    flags = []
    for row in rows:
        observed = row.fresh_votes if signup else row.votes
        usual = rules.baseline(history[row.entry_id], slots)
        if not rules.is_burst(observed, usual, min_votes=minimum, factor=factor):
            continue
        kind_ref = ClusterRef(kind, entry_id=row.entry_id, hour=row.hour)
        flags.append(
            Flag(
                ref=kind_ref,
                entry_id=row.entry_id,
                category_id=row.category_id,
                votes=observed,
                excess=rules.excess(observed, usual),
                nominee_votes=totals.nominee.get(row.entry_id, 0),
                category_votes=totals.category.get(row.category_id, 0),
                baseline=usual,
                hour_votes=row.votes,
            )
        )
    flags = [_hour_details(edition.id, f) for f in flags]
    return flags, _overflow(VoteHourTally, column, edition.id, minimum, th.candidates)


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
