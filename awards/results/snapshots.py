"""Tally snapshots: count the valid votes, commit to them, and check later that they still match.

:func:`take_snapshot` counts each category's valid votes with **one aggregate query** on the
database (``valid_votes.valid_counts``), ranks them with the pure rule of ``tally.py``, and
commits to every valid vote of each category in a Merkle tree (``merkle.py``) whose root and
size it stores, with ``inputs_checksum``: SHA-256 over every category's (number, size, root).
:func:`verify_snapshot` recomputes both from the database and names each category whose votes
no longer match. Building the trees reads the valid votes' receipts once, streamed in batches;
that is the only pass over vote rows, and it hashes rather than counts.

Flush, never commit.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import LargeBinary, func, literal, select

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Category, Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.results import merkle
from awards.results.models import TallySnapshot
from awards.results.tally import CategoryTally, tally
from awards.review.champions import VOTES, record_champions
from awards.review.experts import require_organiser
from awards.review.nominees import nominees_of
from awards.review.selection_models import Nominee
from awards.voting.valid_votes import valid_counts, valid_votes_query

BATCH = 20_000


@dataclass(frozen=True)
class Mismatch:
    """A category whose stored tally no longer follows from the votes."""

    category_number: int
    what: str


def _leaves_by_category(edition: Edition, category_id: int | None = None) -> dict[int, list[bytes]]:
    """Every valid vote's leaf hash, sorted, per category id (of one category if given)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return _leaves_in_postgresql(edition, category_id)
    numbers = {c.id: c.number for c in edition.categories}
    valid = valid_votes_query(edition.id).subquery()
    query = select(valid.c.category_id, valid.c.entry_id, valid.c.receipt)
    if category_id is not None:
        query = query.where(valid.c.category_id == category_id)
    rows = db.session.connection().execution_options(yield_per=BATCH).execute(query)
    leaves: dict[int, list[bytes]] = defaultdict(list)
    year = edition.year
    leaf_hash, vote_leaf = merkle.leaf_hash, merkle.vote_leaf
    for cid, entry_id, receipt in rows:
        leaves[cid].append(leaf_hash(vote_leaf(year, numbers[cid], entry_id, receipt)))
    for hashes in leaves.values():
        hashes.sort()
    return leaves


def _leaves_in_postgresql(edition: Edition, category_id: int | None) -> dict[int, list[bytes]]:
    """The same leaf hashes computed by PostgreSQL (its built-in ``sha256``), one string of
    concatenated hashes per category: at millions of votes Python then only builds the inner
    nodes.

    The hashes are sorted in a subquery, which PostgreSQL sorts in parallel workers, and then
    concatenated per category in that order; an ``ORDER BY`` inside ``string_agg`` would sort
    each category in one process, twice as slow at 2 million votes. Python sorts each list
    again: the order is then this code's, whatever the plan, and Timsort on a sorted list is
    one linear pass."""
    valid = valid_votes_query(edition.id).subquery()
    data = func.concat(
        merkle.LEAF_VERSION + "|",
        edition.year,
        "|",
        Category.number,
        "|",
        valid.c.entry_id,
        "|",
        valid.c.receipt,
    )
    leaf = func.sha256(
        literal(merkle.LEAF_PREFIX, LargeBinary).op("||")(func.convert_to(data, "UTF8"))
    )
    leaves = select(valid.c.category_id, leaf.label("leaf")).join(
        Category, Category.id == valid.c.category_id
    )
    if category_id is not None:
        leaves = leaves.where(valid.c.category_id == category_id)
    ordered = leaves.order_by(valid.c.category_id, leaf).subquery()
    query = select(ordered.c.category_id, func.string_agg(ordered.c.leaf, b"")).group_by(
        ordered.c.category_id
    )
    size = merkle.HASH_SIZE
    result = {}
    for cid, blob in db.session.execute(query):
        hashes = [blob[i : i + size] for i in range(0, len(blob), size)]
        hashes.sort()
        result[cid] = hashes
    return result


def category_tree(edition: Edition, category: Category) -> merkle.Tree:
    """The Merkle tree of one category's valid votes as they stand now."""
    return merkle.build(_leaves_by_category(edition, category.id).get(category.id, []))


def _checksum(roots: dict[int, tuple[int, str]]) -> str:
    digest = hashlib.sha256()
    for number in sorted(roots):
        size, root = roots[number]
        digest.update(f"{number}|{size}|{root}\n".encode())
    return digest.hexdigest()


def _jury_scores(edition: Edition) -> dict[int, float]:
    rows = db.session.execute(
        select(Nominee.entry_id, Nominee.normalised_score).where(Nominee.edition_id == edition.id)
    )
    return {entry_id: score for entry_id, score in rows if score is not None}


def compute(
    edition: Edition, progress: Callable[[Category], None] | None = None
) -> tuple[dict[str, Any], str]:
    """The tally of ``edition`` now: per category number its places, Champions, Merkle root and
    size; and the checksum of the inputs. Writes nothing."""
    nominees = {c: [e.id for e in entries] for c, entries in nominees_of(edition).items()}
    counts = valid_counts(edition.id)
    tallies = tally(counts, nominees, edition.champions_per_category, jury=_jury_scores(edition))
    leaves = _leaves_by_category(edition)
    data: dict[str, Any] = {}
    roots: dict[int, tuple[int, str]] = {}
    for category in edition.categories:
        tree = merkle.build(leaves.get(category.id, []))
        result = tallies.get(category.id, CategoryTally(category.id, ()))
        data[str(category.number)] = _category_data(category, result, tree)
        roots[category.number] = (tree.size, tree.root.hex())
        if progress is not None:
            progress(category)
    return data, _checksum(roots)


def _category_data(category: Category, result: CategoryTally, tree: merkle.Tree) -> dict[str, Any]:
    return {
        "category_id": category.id,
        "places": [
            {
                "entry_id": p.entry_id,
                "votes": p.votes,
                "rank": p.rank,
                "champion": p.champion,
                "tie_break": p.tie_break,
            }
            for p in result.places
        ],
        "champions": list(result.champions),
        "unresolved": list(result.unresolved),
        "valid_votes": sum(p.votes for p in result.places),
        "root": tree.root.hex(),
        "size": tree.size,
    }


def take_snapshot(
    edition: Edition,
    *,
    actor: User,
    now: datetime,
    progress: Callable[[Category], None] | None = None,
) -> TallySnapshot:
    """Tally ``edition`` and store the snapshot (organisers, once voting has closed)."""
    require_organiser(actor, edition.id)
    if now < edition.voting_closes:
        raise RuleViolation("Voting is still open: the votes can be tallied once it closes.")
    data, checksum = compute(edition, progress)
    snapshot = TallySnapshot(
        edition_id=edition.id,
        created_at=now,
        created_by_id=actor.id,
        inputs_checksum=checksum,
        data=data,
    )
    db.session.add(snapshot)
    db.session.flush()
    record(
        "results.tallied",
        snapshot,
        f"Votes of edition {edition.year} tallied (checksum {checksum[:12]})",
        actor_id=actor.id,
        edition_id=edition.id,
        changes={"checksum": checksum},
    )
    return snapshot


def latest_snapshot(edition: Edition) -> TallySnapshot | None:
    return db.session.scalar(
        select(TallySnapshot)
        .where(TallySnapshot.edition_id == edition.id)
        .order_by(TallySnapshot.created_at.desc(), TallySnapshot.id.desc())
        .limit(1)
    )


def verify_snapshot(snapshot: TallySnapshot) -> list[Mismatch]:
    """Each category whose votes no longer give the stored counts or Merkle root."""
    data, checksum = compute(snapshot.edition)
    if checksum == snapshot.inputs_checksum and data == snapshot.data:
        return []
    mismatches = []
    for number, stored in sorted(snapshot.data.items(), key=lambda kv: int(kv[0])):
        now = data.get(number, {})
        if now.get("root") != stored.get("root") or now.get("size") != stored.get("size"):
            mismatches.append(Mismatch(int(number), "the valid votes are not those counted"))
        elif now.get("places") != stored.get("places"):
            mismatches.append(Mismatch(int(number), "the counts differ"))
    for number in sorted(set(data) - set(snapshot.data), key=int):
        mismatches.append(Mismatch(int(number), "the category was not in the snapshot"))
    return mismatches or [Mismatch(0, "the checksum of the inputs differs")]


def record_champions_from(snapshot: TallySnapshot, *, actor: User, now: datetime) -> int:
    """Make each category's Champions those of ``snapshot`` (replacing the jury stub), with
    their valid votes. Categories left with an unresolved tie keep their Champions unchanged.
    Returns the number of Champions recorded."""
    entries = {e.id: e for group in nominees_of(snapshot.edition).values() for e in group}
    categories = {c.number: c for c in snapshot.edition.categories}
    recorded = 0
    for number, stored in stored_places(snapshot):
        if stored["unresolved"] or number not in categories:
            continue
        votes = {p["entry_id"]: p["votes"] for p in stored["places"]}
        results = [(entries[e], votes[e]) for e in stored["champions"] if e in entries]
        record_champions(categories[number], results, source=VOTES, actor=actor, now=now)
        recorded += len(results)
    return recorded


def stored_places(snapshot: TallySnapshot) -> Iterator[tuple[int, dict[str, Any]]]:
    """(category number, its stored data), by category number."""
    for number, stored in sorted(snapshot.data.items(), key=lambda kv: int(kv[0])):
        yield int(number), stored
