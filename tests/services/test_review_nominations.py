"""Nomination: the proposal (top N by normalised score, ties at the boundary), the organisers'
confirmation with a reason where needed, what voting then reads, and the teams' e-mails."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from awards import clock as wall_clock
from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.contest.timefmt import format_deadline
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.review.nomination_mail import notify_category
from awards.review.nominations import ReasonRequired, confirm_nominees, proposal
from awards.review.nominees import nominees_of
from awards.review.selection_models import CategoryNomination, Nominee
from awards.submissions.models import Screening
from tests.entry_factory import make_entry
from tests.nomination_factory import scored_category, submit_review
from tests.review_factory import NOW, make_eligible, make_expert

#: Expert A (lenient) reviews the first three entries, expert B (harsh) the last three.
UNEVEN = [[10, 9, 5, None, None, None], [None, None, None, 6, 3, 2]]
#: The same, spaced alike: A's and B's entries tie pairwise once normalised.
EVEN = [[10, 9, 8, None, None, None], [None, None, None, 5, 4, 3]]


@pytest.fixture
def edition(make_edition):
    return make_edition(nominees_per_category=3, champions_per_category=2)


@pytest.fixture
def organiser(make_user, edition):
    return make_user(name="Olga Organiser", roles=((Role.ORGANISER, edition.id),))


def _category(edition):
    return edition.categories[0]


def _confirm(edition, ids, reason="", *, actor, now=NOW):
    return confirm_nominees(edition, _category(edition), ids, reason, actor=actor, now=now)


def _written():
    return (
        db.session.scalar(select(func.count()).select_from(Nominee)),
        db.session.scalar(select(func.count()).select_from(CategoryNomination)),
        db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "nomination.confirmed")
        ),
    )


def test_the_proposal_is_the_top_n_by_normalised_score(make_user, edition):
    _, e = scored_category(make_user, edition, UNEVEN)
    unreviewed = make_eligible(edition, make_user())
    make_entry(edition, make_user(), screening=Screening.PENDING)  # not eligible: not listed
    plan = proposal(edition, _category(edition))
    # B's 6 is B's best by far: once normalised it ranks above A's 10; A's 5 ranks last.
    assert plan.proposed_ids == (e[3].id, e[0].id, e[1].id)
    assert plan.tied_at_boundary == ()
    assert [r.entry.id for r in plan.rows] == [
        e[3].id,
        e[0].id,
        e[1].id,
        e[4].id,
        e[5].id,
        e[2].id,
        unreviewed.id,
    ]
    assert [r.proposed for r in plan.rows] == [True] * 3 + [False] * 4
    assert not plan.rows[-1].reviewed
    assert plan.confirmation is None


def test_ties_at_the_boundary_are_listed(make_user, edition):
    _, e = scored_category(make_user, edition, EVEN)
    plan = proposal(edition, _category(edition))
    assert plan.proposed_ids == (e[0].id, e[3].id, e[1].id)
    assert plan.tied_at_boundary == (e[1].id, e[4].id)
    assert [r.place.rank for r in plan.rows[:4]] == [1, 1, 3, 3]


def test_confirming_the_proposal_needs_no_reason(make_user, edition, organiser):
    _, e = scored_category(make_user, edition, UNEVEN)
    chosen = [e[3].id, e[0].id, e[1].id]
    confirmation = _confirm(edition, chosen, actor=organiser)
    assert confirmation.reason == ""
    assert confirmation.confirmed_by_id == organiser.id
    assert [x.id for x in nominees_of(edition)[_category(edition).id]] == sorted(chosen)
    rows = db.session.scalars(select(Nominee).order_by(Nominee.rank)).all()
    assert [(n.entry_id, n.rank, n.proposed) for n in rows] == [
        (e[3].id, 1, True),
        (e[0].id, 2, True),
        (e[1].id, 3, True),
    ]
    assert rows[0].normalised_score > rows[2].normalised_score


@pytest.mark.parametrize(
    ("pick", "message"),
    [
        ([3, 0, 4], "differs from the system's proposal"),
        ([3, 0, 1, 4], "you chose 4 nominees, more than the 3"),
    ],
    ids=["changed", "more than N"],
)
def test_a_change_without_a_reason_is_refused_and_writes_nothing(
    make_user, edition, organiser, pick, message
):
    _, e = scored_category(make_user, edition, UNEVEN)
    with pytest.raises(ReasonRequired, match="Give a reason") as refused:
        _confirm(edition, [e[i].id for i in pick], "   ", actor=organiser)
    assert message in refused.value.message
    assert refused.value.status_code == 400
    assert _written() == (0, 0, 0)
    assert nominees_of(edition) == {}


def test_settling_a_tie_needs_a_reason(make_user, edition, organiser):
    _, e = scored_category(make_user, edition, EVEN)
    plan = proposal(edition, _category(edition))
    with pytest.raises(ReasonRequired, match="tied at the boundary"):
        _confirm(edition, plan.proposed_ids, actor=organiser)
    assert _written() == (0, 0, 0)
    _confirm(edition, plan.proposed_ids, "B's entry had one review only.", actor=organiser)
    assert _written() == (3, 1, 1)


def test_with_a_reason_the_change_is_stored_and_audited(make_user, edition, organiser):
    _, e = scored_category(make_user, edition, UNEVEN)
    chosen = [e[3].id, e[0].id, e[1].id, e[4].id]
    _confirm(edition, chosen, "  Two strong projects from one region.  ", actor=organiser)
    confirmation = db.session.scalars(select(CategoryNomination)).one()
    assert confirmation.reason == "Two strong projects from one region."
    added = db.session.scalars(select(Nominee).where(Nominee.entry_id == e[4].id)).one()
    assert (added.proposed, added.rank) == (False, 4)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "nomination.confirmed")
    ).one()
    assert event.actor_id == organiser.id
    assert event.edition_id == edition.id
    assert event.changes["nominees"] == sorted(chosen)
    assert event.changes["proposal"] == [e[3].id, e[0].id, e[1].id]
    assert event.changes["reason"] == "Two strong projects from one region."
    assert len(nominees_of(edition)[_category(edition).id]) == 4


def test_only_reviewed_eligible_entries_of_the_category_can_be_nominated(
    make_user, edition, organiser
):
    _, e = scored_category(make_user, edition, UNEVEN)
    unreviewed = make_eligible(edition, make_user())
    elsewhere = make_eligible(edition, make_user(), category=2)
    submit_review(make_expert(make_user, edition), elsewhere, 8)
    with pytest.raises(RuleViolation) as refused:
        _confirm(edition, [e[3].id, unreviewed.id, elsewhere.id], "Because.", actor=organiser)
    assert f"{unreviewed.id}, {elsewhere.id}" in refused.value.message
    with pytest.raises(RuleViolation, match="at least one"):
        _confirm(edition, [], "Because.", actor=organiser)
    assert _written() == (0, 0, 0)


def test_only_organisers_confirm(make_user, edition):
    _, e = scored_category(make_user, edition, UNEVEN)
    jury = make_user(roles=((Role.JURY, edition.id),))
    with pytest.raises(NotAllowed):
        _confirm(edition, [e[3].id, e[0].id, e[1].id], actor=jury)
    assert _written() == (0, 0, 0)


def test_confirming_again_replaces_until_voting_opens(make_user, edition, organiser, clock):
    _, e = scored_category(make_user, edition, UNEVEN)
    _confirm(edition, [e[3].id, e[0].id, e[1].id], actor=organiser)
    _confirm(edition, [e[3].id, e[0].id, e[4].id], "A closer look.", actor=organiser)
    assert [x.id for x in nominees_of(edition)[_category(edition).id]] == sorted(
        [e[3].id, e[0].id, e[4].id]
    )
    assert _written() == (3, 1, 2)
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "nomination.confirmed")
        .order_by(AuditEvent.id)
    ).all()
    assert events[1].changes["replaced"] == [e[3].id, e[0].id, e[1].id]
    with pytest.raises(RuleViolation, match="Public voting has opened"):
        _confirm(edition, [e[3].id, e[0].id, e[1].id], actor=organiser, now=clock.VOTING_OPENS)
    assert [x.id for x in nominees_of(edition)[_category(edition).id]] == sorted(
        [e[3].id, e[0].id, e[4].id]
    )


def _mails():
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def _teams(make_user, edition):
    """Two reviewed entries: the first with a French owner and an Arabic member."""
    french = make_user(email="fr@example.org", name="Fanny", locale="fr")
    arabic = make_user(email="ar@example.org", name="Amal", locale="ar")
    english = make_user(email="en@example.org", name="Ed", locale="en")
    nominee = make_eligible(edition, french, members=[arabic], title="Solar schools")
    other = make_eligible(edition, english, title="Mesh radio")
    ada = make_expert(make_user, edition, categories=(1,), email="ada@secret-expert.test")
    bob = make_expert(make_user, edition, categories=(1,), email="bob@secret-expert.test")
    db.session.add_all([ada, bob])
    ada.name, bob.name = "Ada Lovelace", "Bob Expert"
    submit_review(ada, nominee, 9.25, team="A model for rural schools.", organisers="Top.")
    submit_review(bob, nominee, 8.5, team="   ")
    submit_review(ada, other, 4.75, team="Say more about costs.", organisers="Weak.")
    return nominee, other


def test_the_teams_are_told_in_their_language_with_anonymous_feedback(
    make_user, edition, organiser
):
    nominee, other = _teams(make_user, edition)
    _confirm(edition, [nominee.id], "Only one entry stands out.", actor=organiser)
    assert notify_category(edition, _category(edition), actor=organiser, now=NOW) == 3
    mails = {m.recipient: m for m in _mails()}
    assert sorted(mails) == ["ar@example.org", "en@example.org", "fr@example.org"]
    assert [mails[a].template for a in sorted(mails)] == ["nominated", "not_nominated", "nominated"]
    for address, locale in (("fr@example.org", "fr"), ("ar@example.org", "ar")):
        mail = mails[address]
        assert mail.locale == locale
        with force_locale(locale):
            subject = gettext(
                "Your project is nominated for the WSIS Prizes: %(title)s", title="Solar schools"
            )
            opens = format_deadline(edition.voting_opens, edition.timezone, None, locale)
        assert mail.subject == subject
        assert subject != f"Your project is nominated for the WSIS Prizes: {nominee.title}"
        assert opens in mail.body_text
        assert "A model for rural schools." in mail.body_text
        assert "Say more about costs." not in mail.body_text
    assert mails["en@example.org"].subject == (
        "The nomination of your WSIS Prizes project: Mesh radio"
    )
    assert "Say more about costs." in mails["en@example.org"].body_text
    for mail in mails.values():
        for secret in ("Ada", "Bob", "secret-expert", "9.25", "8.5", "4.75", "Top.", "Weak."):
            assert secret not in mail.body_text
            assert secret not in mail.body_html
    confirmation = db.session.scalars(select(CategoryNomination)).one()
    assert confirmation.notified_at == NOW


def test_the_teams_are_told_once_and_only_once_confirmed(make_user, edition, organiser):
    nominee, _ = _teams(make_user, edition)
    with pytest.raises(RuleViolation, match="Confirm the nominees"):
        notify_category(edition, _category(edition), actor=organiser, now=NOW)
    _confirm(edition, [nominee.id], "Only one entry stands out.", actor=organiser)
    notify_category(edition, _category(edition), actor=organiser, now=NOW)
    sent = len(_mails())
    with pytest.raises(RuleViolation, match="already told"):
        notify_category(edition, _category(edition), actor=organiser, now=NOW)
    assert len(_mails()) == sent
    later = NOW.replace(hour=13)
    _confirm(edition, [nominee.id], "Checked again.", actor=organiser, now=later)
    assert proposal(edition, _category(edition)).changed_since_notified
    with pytest.raises(RuleViolation, match="not sent twice"):
        notify_category(edition, _category(edition), actor=organiser, now=later)
    assert len(_mails()) == sent


def test_the_command_prints_the_proposal_and_confirms_clear_cut_categories(
    app, make_user, edition, organiser, monkeypatch
):
    _, e = scored_category(make_user, edition, UNEVEN)
    tied = make_expert(make_user, edition, categories=(2,))
    pair = [make_eligible(edition, make_user(), category=2) for _ in range(4)]
    for entry in pair:
        submit_review(tied, entry, 7)
    db.session.commit()
    monkeypatch.setattr(wall_clock, "utcnow", lambda: NOW)
    run = app.test_cli_runner()
    shown = run.invoke(args=["awards", "nominate", "--edition", "2021"])
    assert shown.exit_code == 0, shown.output
    assert f"proposed: {e[3].id}, {e[0].id}, {e[1].id}" in shown.output
    assert "tied at the boundary: " + ", ".join(str(x.id) for x in pair) in shown.output
    assert _written() == (0, 0, 0)
    done = run.invoke(
        args=["awards", "nominate", "--edition", "2021", "--confirm-proposal"]
        + ["--organiser", organiser.email]
    )
    assert done.exit_code == 0, done.output
    assert "Confirmed the proposal of categories: 1." in done.output
    assert "categories 2." in done.output
    assert set(nominees_of(edition)) == {_category(edition).id}
