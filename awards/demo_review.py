"""The demo's Expert Group in the first round: experts, assignments, reviews, nominees.

What each demo phase leaves (and moving the demo to a later phase adds what is missing; a move
back keeps what was made):

- ``nomination``: 15 experts with profiles and expertise, every eligible entry assigned three
  of them by the real assignment service, about half the reviews submitted and some drafts;
  ``jury@example.org`` has a queue part done.
- ``voting`` and later: every first-round review submitted and the top ``nominees_per_category``
  of each category by normalised score nominated and confirmed.
- ``selection`` and ``ceremony``: see ``awards/demo_results.py`` (votes tallied, Champions,
  the second round, Winners, publication).

Scores follow a hidden quality per entry and a leniency per expert, so the rankings and the
normalisation have something real to show. Deterministic (seeded). Flushes only.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from awards.accounts.models import RoleGrant, User
from awards.accounts.passwords import hash_password
from awards.accounts.roles import Role
from awards.accounts.rules import email_key
from awards.contest.models import Edition
from awards.extensions import db
from awards.review import assignment_services
from awards.review.conflict_services import detect_conflicts, eligible_entries
from awards.review.experts import ProfileInput, profile_of, save_profile
from awards.review.models import (
    NOMINATION_ROUND,
    AssignmentState,
    ReviewAssignment,
)
from awards.review.rubric import Rubric
from awards.review.rubric_models import ReviewScore
from awards.review.rubric_services import rubric_of
from awards.review.scoring import Scale, Score, propose_nominees, rank, weighted_score
from awards.review.selection_models import CategoryNomination, Nominee
from awards.stakeholders import StakeholderType
from awards.submissions.models import Entry

SEED = 2021
ORGANISER = "organiser@example.org"
#: The demo's own experts beyond the three printed jury accounts: (name, country, organisation).
EXTRA_EXPERTS: tuple[tuple[str, str, str], ...] = (
    ("Fatima Zahra", "MA", "Université Mohammed V"),
    ("Kofi Boateng", "GH", "Ghana ICT Council"),
    ("Mei Lin", "CN", "Tsinghua University"),
    ("Oleg Ivanov", "RU", "Moscow Digital School"),
    ("Sofía Gómez", "MX", "Fundación Conecta"),
    ("Anna Nowak", "PL", "Warsaw Tech Institute"),
    ("Ravi Shankar", "IN", "Digital India Forum"),
    ("Nadia Haddad", "LB", "ESCWA Digital Unit"),
    ("Tomás Silva", "BR", "Rede Nacional de Ensino"),
    ("Aroha Ngata", "NZ", "Pacific Islands Telecom Association"),
    ("Lars Berg", "SE", "Nordic eGov Lab"),
    ("Zainab Bello", "NG", "Lagos Innovation Hub"),
)
JURY_ACCOUNTS = ("jury@example.org", "jury2@example.org", "jury3@example.org")
CATEGORIES_PER_EXPERT = 6


def prepare(edition: Edition, phase: str, now: datetime) -> None:
    """Bring the demo's Expert Group to what ``phase`` shows (see the module doc)."""
    if phase == "submission":
        return
    organiser = demo_user(ORGANISER)
    if organiser is None:
        return
    rng = random.Random(SEED)  # noqa: S311 - fake scores, not security
    experts = _ensure_experts(edition, organiser, rng, now)
    if _assigned(edition) < len(eligible_entries(edition)) * edition.reviews_per_entry:
        # Not assigned yet, or only in part (a review given by hand): the real service fills
        # the rest and keeps every review already started.
        detect_conflicts(edition, now)
        assignment_services.run(edition, None, SEED, organiser, now)
    rubric = rubric_of(edition)
    full = phase != "nomination"
    _score_round(edition, rubric, rng, now, experts, full=full)
    if not full:
        return
    _nominate(edition, rubric, now, organiser)


def demo_user(address: str) -> User | None:
    return db.session.scalar(select(User).where(User.email_key == email_key(address)))


def _ensure_experts(
    edition: Edition, organiser: User, rng: random.Random, now: datetime
) -> list[User]:
    users = [u for u in (demo_user(a) for a in JURY_ACCOUNTS) if u is not None]
    password_hash: str | None = None
    for index, (name, country, _) in enumerate(EXTRA_EXPERTS, start=4):
        address = f"jury{index}@example.org"
        user = demo_user(address)
        if user is None:
            password_hash = password_hash or hash_password("wsis-demo-2021")
            user = User(
                name=name,
                email=address,
                email_key=email_key(address),
                password_hash=password_hash,
                stakeholder_type=StakeholderType.ACADEMIA,
                country=country,
                email_verified_at=now,
            )
            user.roles.append(RoleGrant(role=Role.JURY, edition_id=edition.id))
            db.session.add(user)
        users.append(user)
    db.session.flush()
    organisations = {f"jury{i}@example.org": o for i, (_, _, o) in enumerate(EXTRA_EXPERTS, 4)}
    numbers = [c.id for c in edition.categories]
    for position, user in enumerate(users):
        if profile_of(edition, user) is not None:
            continue
        # Each category is covered by several experts: consecutive blocks, wrapping round.
        start = (position * 4) % len(numbers)
        chosen = {numbers[(start + k) % len(numbers)] for k in range(CATEGORIES_PER_EXPERT)}
        save_profile(
            edition,
            user,
            ProfileInput(
                organisation=organisations.get(user.email, "WSIS Expert Group"),
                country=user.country,
                category_ids=frozenset(chosen),
            ),
            actor=organiser,
            now=now,
        )
    return users


def _assigned(edition: Edition) -> int:
    """How many first-round reviews of the edition are assigned (not withdrawn)."""
    return int(
        db.session.scalar(
            select(func.count(ReviewAssignment.id)).where(
                ReviewAssignment.edition_id == edition.id,
                ReviewAssignment.round == NOMINATION_ROUND,
                ReviewAssignment.state != AssignmentState.WITHDRAWN,
            )
        )
        or 0
    )


def _quality(entry_id: int) -> float:
    """The entry's hidden quality (4 to 9), the same on every run."""
    return 4 + (entry_id * 7919 % 101) / 20


def _leniency(expert_id: int) -> float:
    return ((expert_id * 104729) % 9 - 4) / 3


def fill_review(
    row: ReviewAssignment, rubric: Rubric, rng: random.Random, when: datetime, *, submit: bool
) -> None:
    base = _quality(row.entry_id) + _leniency(row.expert_id)
    scores = {
        c.key: max(rubric.low, min(rubric.high, round(base + rng.uniform(-1.5, 1.5))))
        for c in rubric.criteria
    }
    keys = list(scores) if submit else list(scores)[: len(scores) // 2]
    for key in keys:
        db.session.add(ReviewScore(assignment_id=row.id, criterion_key=key, score=scores[key]))
    row.updated_at = when
    row.comment_organisers = "Clear evidence of results; partners well chosen." if submit else ""
    row.comment_team = "Say more about how the project will be funded after 2022." if submit else ""
    if submit:
        row.state = AssignmentState.SUBMITTED
        row.submitted_at = when
        row.weighted_score = weighted_score(scores, rubric.weights)
    else:
        row.state = AssignmentState.DRAFT


def _score_round(
    edition: Edition,
    rubric: Rubric,
    rng: random.Random,
    now: datetime,
    experts: list[User],
    *,
    full: bool,
) -> None:
    rows = list(
        db.session.scalars(
            select(ReviewAssignment)
            .where(
                ReviewAssignment.edition_id == edition.id,
                ReviewAssignment.round == NOMINATION_ROUND,
                ReviewAssignment.state.in_((AssignmentState.ASSIGNED, AssignmentState.DRAFT)),
            )
            .order_by(ReviewAssignment.id)
        )
    )
    if not rows:
        return
    when = min(edition.nomination_opens + timedelta(days=5), now - timedelta(hours=1))
    drafts = db.session.scalars(
        select(ReviewScore.assignment_id).where(ReviewScore.assignment_id.in_([r.id for r in rows]))
    )
    started = set(drafts)
    first_juror = experts[0].id if experts else None
    for index, row in enumerate(rows):
        if row.id in started:
            db.session.execute(delete(ReviewScore).where(ReviewScore.assignment_id == row.id))
        if full:
            fill_review(row, rubric, rng, when, submit=True)
        elif row.expert_id == first_juror:
            # The signed-in demo juror: some done, one draft, the rest to do.
            mine = sum(1 for r in rows[:index] if r.expert_id == first_juror)
            if mine < 12:
                fill_review(row, rubric, rng, when, submit=True)
            elif mine == 12:
                fill_review(row, rubric, rng, when, submit=False)
        elif index % 2 == 0:
            fill_review(row, rubric, rng, when, submit=True)
        elif index % 7 == 1:
            fill_review(row, rubric, rng, when, submit=False)
    db.session.flush()


def _nominate(edition: Edition, rubric: Rubric, now: datetime, organiser: User) -> None:
    # Categories an organiser confirmed already (by hand, in the demo) keep their nominees.
    confirmed = set(
        db.session.scalars(
            select(CategoryNomination.category_id).where(
                CategoryNomination.edition_id == edition.id
            )
        )
    )
    if len(confirmed) == len(edition.categories):
        return
    rows = db.session.execute(
        select(
            ReviewAssignment.expert_id, ReviewAssignment.entry_id, ReviewAssignment.weighted_score
        ).where(
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.round == NOMINATION_ROUND,
            ReviewAssignment.state == AssignmentState.SUBMITTED,
        )
    ).all()
    scores = [Score(e, n, float(v)) for e, n, v in rows if v is not None]
    when = min(edition.nomination_closes - timedelta(days=1), now - timedelta(minutes=30))
    scale = Scale(rubric.low, rubric.high)
    category_of = dict(
        db.session.execute(
            select(Entry.id, Entry.category_id).where(Entry.id.in_({s.entry_id for s in scores}))
        ).all()
    )
    for category in edition.categories:
        if category.id in confirmed:
            continue
        ids = {eid for eid, cid in category_of.items() if cid == category.id}
        # Normalised over the whole edition (an expert's leniency spans categories),
        # ranked within the category.
        ranked = rank(scores, ids, scale)
        proposal = propose_nominees(ranked, edition.nominees_per_category)
        if not proposal.nominees:
            continue
        places = {r.entry_id: r for r in ranked}
        for entry_id in proposal.nominees:
            db.session.add(
                Nominee(
                    edition_id=edition.id,
                    category_id=category.id,
                    entry_id=entry_id,
                    proposed=True,
                    rank=places[entry_id].rank,
                    normalised_score=places[entry_id].normalised,
                    created_at=when,
                )
            )
        db.session.add(
            CategoryNomination(
                edition_id=edition.id,
                category_id=category.id,
                confirmed_at=when,
                confirmed_by_id=organiser.id,
                reason="",
            )
        )
    db.session.flush()
