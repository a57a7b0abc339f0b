"""The fraud signals' thresholds and decisions: pure (numbers in, verdicts out; no database).

The queries that produce the numbers are in :mod:`awards.voting.fraud_signals`; here is what
makes a cluster of votes suspicious, and how a cluster is named in a link (:class:`ClusterRef`).

Four signals, each a comparison with what the rest of the traffic predicts:

- **network** (``subnet``): many votes from one /24 (IPv4) or /48 (IPv6) for one nominee, and
  most of that network's votes in the category going to it;
- **user agent** (``agent``): many votes with one user-agent fingerprint for one nominee, far
  more concentrated on it than the nominee's share of its category (the *lift*), so that the
  browsers everybody uses are not flagged for being common (the share is the one among the
  other votes, so the cluster's own votes do not hide it);
- **sign-up burst** (``signup``): in one hour, many votes for one nominee from accounts created
  less than :data:`FRESH_ACCOUNT_SECONDS` before they voted, against that nominee's own usual
  hour of such votes;
- **nominee burst** (``burst``): one hour of a nominee's votes far above its own usual hour
  (its average over the other hours since voting opened, empty hours included:
  :func:`usual_hour`).
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

#: A vote cast this soon after its account was created counts as a "fresh account" vote.
FRESH_ACCOUNT_SECONDS = 30 * 60
#: The tallies cover votes older than this; a vote's transaction never lasts that long.
SEAL_LAG = timedelta(minutes=10)
HOUR_SECONDS = 3600


@dataclass(frozen=True)
class Thresholds:
    """When a cluster is flagged. Defaults suit an edition of thousands to millions of votes."""

    #: Votes of one network for one nominee, and the share of the network's votes in the
    #: category that went to it.
    subnet_min_votes: int = 25
    subnet_min_concentration: float = 0.5
    #: Votes of one user agent for one nominee, its concentration and lift.
    agent_min_votes: int = 25
    agent_min_concentration: float = 0.5
    agent_min_lift: float = 2.0
    #: Votes for one nominee in one hour, and how many times its baseline.
    burst_min_votes: int = 25
    burst_factor: float = 5.0
    #: Fresh-account votes for one nominee in one hour, and how many times its baseline.
    signup_min_votes: int = 20
    signup_factor: float = 5.0
    #: At most this many candidates of each signal are examined (largest first): a safeguard;
    #: two million votes give a few thousand.
    candidates: int = 20_000


DEFAULT_THRESHOLDS = Thresholds()


def share(part: int, whole: int) -> float:
    """``part / whole`` (0 when ``whole`` is 0), clamped to [0, 1]."""
    if whole <= 0:
        return 0.0
    return min(1.0, max(0.0, part / whole))


def usual_hour(total: int, in_hour: int, slots: int) -> float:
    """A nominee's usual hour: its average over the other hours since voting opened, at least 1.

    The hour under test is left out, so a burst does not raise its own baseline; ``slots`` is
    the number of hours since voting opened (empty ones included).
    """
    others = max(1, slots - 1)
    return max(1.0, max(0, total - in_hour) / others)


def hours_between(start: datetime, end: datetime) -> int:
    """How many whole or partial hours lie in ``[start, end)`` (at least 1)."""
    return max(1, math.ceil((end - start).total_seconds() / HOUR_SECONDS))


def is_burst(votes: int, usual: float, *, min_votes: int, factor: float) -> bool:
    """Whether an hour of ``votes`` is a burst against the ``usual`` hourly count."""
    return votes >= min_votes and votes >= factor * usual


def is_network_cluster(
    nominee_votes: int, network_category_votes: int, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> bool:
    """Whether a network's ``nominee_votes`` (of its ``network_category_votes`` in the
    category) are a cluster: enough of them, and most of the network's votes there."""
    return (
        nominee_votes >= thresholds.subnet_min_votes
        and share(nominee_votes, network_category_votes) >= thresholds.subnet_min_concentration
    )


def rest_share(source_nominee: int, source_category: int, nominee: int, category: int) -> float:
    """The nominee's share of its category among the *other* votes (not the source's): what
    the rest of the traffic predicts. At least one vote's worth, so that a nominee whom only
    the source votes for has a finite (and large) lift; 0 when there is no other vote."""
    rest = category - source_category
    if rest <= 0:
        return 0.0
    return max(share(nominee - source_nominee, rest), 1 / rest)


def expected_votes(source_nominee: int, source_category: int, nominee: int, category: int) -> float:
    """Votes a source with ``source_category`` votes in the category would give the nominee
    if it voted like the rest of the traffic."""
    return source_category * rest_share(source_nominee, source_category, nominee, category)


def lift(agent_nominee: int, agent_category: int, nominee: int, category: int) -> float:
    """How many times more the agent's votes favour the nominee than the other votes do."""
    expected = rest_share(agent_nominee, agent_category, nominee, category)
    if expected <= 0:
        return 0.0
    return share(agent_nominee, agent_category) / expected


def is_agent_cluster(
    agent_nominee: int,
    agent_category: int,
    nominee: int,
    category: int,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> bool:
    """Whether one user agent's votes for a nominee are a cluster (see the module)."""
    return (
        agent_nominee >= thresholds.agent_min_votes
        and share(agent_nominee, agent_category) >= thresholds.agent_min_concentration
        and lift(agent_nominee, agent_category, nominee, category) >= thresholds.agent_min_lift
    )


def excess(observed: int, expected: float) -> int:
    """Votes beyond what was expected (never negative): how flags are ordered."""
    return max(0, round(observed - expected))


def hour_start(hour: int) -> datetime:
    """The start of hour number ``hour`` (hours since 1970-01-01 UTC)."""
    return datetime.fromtimestamp(hour * HOUR_SECONDS, UTC)


def hour_of(moment: datetime) -> int:
    """The hour number of ``moment``."""
    return math.floor(moment.timestamp() / HOUR_SECONDS)


# --- naming a cluster in a link ------------------------------------------------------------


class ClusterKind(enum.StrEnum):
    """The signal a cluster comes from."""

    SUBNET = "subnet"
    AGENT = "agent"
    SIGNUP = "signup"
    BURST = "burst"


_SUBNET = re.compile(r"[0-9a-f.:]{2,45}/(24|48)")
_AGENT = re.compile(r"[0-9a-zA-Z_-]{1,16}")
_NUMBER = re.compile(r"[1-9][0-9]{0,11}")


@dataclass(frozen=True)
class ClusterRef:
    """Which votes a flag is about, written ``kind:key`` in links.

    ``subnet:203.0.113.0/24`` every vote of the edition from that network;
    ``agent:<fingerprint>:<entry>`` the votes for that nominee with that user agent;
    ``signup:<entry>:<hour>`` the fresh-account votes for that nominee in that hour;
    ``burst:<entry>:<hour>`` every vote for that nominee in that hour.
    """

    kind: ClusterKind
    subnet: str = ""
    agent_key: str = ""
    entry_id: int = 0
    hour: int = 0

    @property
    def text(self) -> str:
        if self.kind is ClusterKind.SUBNET:
            return f"subnet:{self.subnet}"
        if self.kind is ClusterKind.AGENT:
            return f"agent:{self.agent_key}:{self.entry_id}"
        return f"{self.kind.value}:{self.entry_id}:{self.hour}"

    @property
    def window(self) -> tuple[datetime, datetime] | None:
        """The hour an hourly cluster covers."""
        if self.kind in (ClusterKind.SIGNUP, ClusterKind.BURST):
            start = hour_start(self.hour)
            return start, start + timedelta(seconds=HOUR_SECONDS)
        return None


def parse_ref(text: str | None) -> ClusterRef | None:
    """The cluster named by ``text``, or None when it names none."""
    if not text or len(text) > 80:
        return None
    kind, _, rest = text.partition(":")
    if kind == ClusterKind.SUBNET and _SUBNET.fullmatch(rest):
        return ClusterRef(ClusterKind.SUBNET, subnet=rest)
    first, _, second = rest.partition(":")
    if kind == ClusterKind.AGENT and _AGENT.fullmatch(first) and _NUMBER.fullmatch(second):
        return ClusterRef(ClusterKind.AGENT, agent_key=first, entry_id=int(second))
    hourly = kind in (ClusterKind.SIGNUP, ClusterKind.BURST)
    if hourly and _NUMBER.fullmatch(first) and _NUMBER.fullmatch(second):
        return ClusterRef(ClusterKind(kind), entry_id=int(first), hour=int(second))
    return None
