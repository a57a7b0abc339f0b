"""The ceremony's run-of-show (order, presenters, timings, notes) and what the ceremony shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.audit.sentences import EventFacts, Reader, sentence
from awards.collation import sort_key
from awards.contest.models import Category
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.results.ceremony import ceremony_of
from awards.results.ceremony_models import RunOfShowItem
from awards.results.run_of_show import run_of_show, save_run_of_show
from awards.results.run_of_show_rules import DEFAULT_MINUTES, Planned
from tests.ceremony_factory import NOW, category_of, crown


@pytest.fixture
def edition(make_edition):
    return make_edition(categories=3)


@pytest.fixture
def organiser(make_user, edition):
    return make_user(name="Olga", roles=((Role.ORGANISER, edition.id),))


def _plan(edition, order, changes=None):
    """A plan putting the categories numbered ``order`` first to last; ``changes`` maps a
    category number to the item's other fields."""
    changes = changes or {}
    items = []
    for position, number in enumerate(order, start=1):
        category = category_of(edition, number)
        fields = changes.get(number, {})
        items.append(Planned(category.id, position, **fields))
    return items


def _events():
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "ceremony.run_of_show_saved")
        )
    )


def test_nothing_planned_yet_follows_the_category_numbers(edition):
    items = run_of_show(edition)
    assert [(i.position, i.category.number) for i in items] == [(1, 1), (2, 2), (3, 3)]
    assert {(i.minutes, i.presenter, i.saved) for i in items} == {(DEFAULT_MINUTES, "", False)}


def test_saving_stores_order_presenters_timings_and_notes(edition, organiser):
    plan = _plan(
        edition,
        [3, 1, 2],
        {
            3: {"presenter": "  Amina Diallo ", "minutes": 12, "notes": "Thank the hosts."},
            1: {"pronunciation": "Ngozi: n-GO-zee"},
        },
    )
    assert save_run_of_show(edition, plan, actor=organiser, now=NOW) is True
    items = run_of_show(edition)
    assert [i.category.number for i in items] == [3, 1, 2]
    first = items[0]
    assert (first.presenter, first.minutes, first.notes) == ("Amina Diallo", 12, "Thank the hosts.")
    assert items[1].pronunciation == "Ngozi: n-GO-zee"
    assert all(i.saved for i in items)
    row = db.session.scalar(
        select(RunOfShowItem).where(RunOfShowItem.category_id == first.category.id)
    )
    assert (row.updated_by_id, row.updated_at) == (organiser.id, NOW)


def test_saving_is_audited_once_per_change_in_words(app, edition, organiser):
    save_run_of_show(edition, _plan(edition, [2, 1, 3]), actor=organiser, now=NOW)
    assert save_run_of_show(edition, _plan(edition, [2, 1, 3]), actor=organiser, now=NOW) is False
    [event] = _events()
    assert event.edition_id == edition.id
    assert event.actor_id == organiser.id
    assert event.changes["order"] == {"old": [1, 2, 3], "new": [2, 1, 3]}
    facts = EventFacts(
        event.action,
        "Olga",
        event.object_type,
        event.object_id,
        event.changes,
        edition=edition.title,
    )
    with app.test_request_context():
        assert sentence(facts, Reader("en", "UTC")) == (
            f"Olga saved the run-of-show of {edition.title}"
        )


@pytest.mark.parametrize(
    ("order", "changes", "field"),
    [
        ([1, 2, 3], {2: {"minutes": 121}}, "minutes"),
        ([1, 2, 3], {2: {"minutes": -1}}, "minutes"),
        ([1, 2, 3], {2: {"presenter": "x" * 201}}, "presenter"),
    ],
)
def test_out_of_range_values_are_refused_on_their_field(edition, organiser, order, changes, field):
    with pytest.raises(RuleViolation) as refused:
        save_run_of_show(edition, _plan(edition, order, changes), actor=organiser, now=NOW)
    assert refused.value.field == f"{field}-{category_of(edition, 2).id}"
    assert db.session.scalars(select(RunOfShowItem)).all() == []


def test_the_limits_themselves_are_accepted(edition, organiser):
    plan = _plan(
        edition,
        [1, 2, 3],
        {1: {"minutes": 0}, 2: {"minutes": 120}, 3: {"presenter": "x" * 200}},
    )
    assert save_run_of_show(edition, plan, actor=organiser, now=NOW)
    assert [i.minutes for i in run_of_show(edition)] == [0, 120, DEFAULT_MINUTES]


def test_positions_must_be_a_permutation(edition, organiser):
    one, two, three = (category_of(edition, n).id for n in (1, 2, 3))
    twice = [Planned(one, 1), Planned(two, 1), Planned(three, 2)]
    with pytest.raises(RuleViolation, match="number 1"):
        save_run_of_show(edition, twice, actor=organiser, now=NOW)
    beyond = [Planned(one, 1), Planned(two, 2), Planned(three, 4)]
    with pytest.raises(RuleViolation, match="from 1 to 3") as refused:
        save_run_of_show(edition, beyond, actor=organiser, now=NOW)
    assert refused.value.field == f"position-{three}"
    with pytest.raises(RuleViolation, match="changed"):
        save_run_of_show(edition, [Planned(one, 1), Planned(two, 2)], actor=organiser, now=NOW)


def test_only_the_editions_organisers_may_save(edition, make_user, make_edition):
    jury = make_user(roles=((Role.JURY, edition.id),))
    elsewhere = make_user(roles=((Role.ORGANISER, make_edition(year=2020).id),))
    for person in (jury, elsewhere):
        with pytest.raises(NotAllowed):
            save_run_of_show(edition, _plan(edition, [1, 2, 3]), actor=person, now=NOW)


def test_a_category_added_later_comes_after_the_planned_ones(edition, organiser):
    save_run_of_show(edition, _plan(edition, [3, 2, 1]), actor=organiser, now=NOW)
    edition.categories.append(Category(number=0 + 4, action_line="C4", name="Category 4"))
    db.session.flush()
    assert [i.category.number for i in run_of_show(edition)] == [3, 2, 1, 4]
    assert [i.position for i in run_of_show(edition)] == [1, 2, 3, 4]


def test_the_ceremony_follows_the_run_of_show(edition, organiser, make_user):
    owner = make_user()
    crown(edition, 1, owner, [("Zebra Net", "Org Z"), ("Alpha Link", "Org A")], winner=0)
    crown(edition, 2, owner, [("Health Hub", "Org H")], winner=None)
    plan = _plan(edition, [2, 1, 3], {2: {"minutes": 10}, 1: {"minutes": 7}})
    save_run_of_show(edition, plan, actor=organiser, now=NOW)

    ceremony = ceremony_of(edition, sort_key("en"))

    assert [p.category.number for p in ceremony.parts] == [2, 1, 3]
    starts = [p.starts_at - edition.ceremony_at for p in ceremony.parts]
    assert starts == [timedelta(0), timedelta(minutes=10), timedelta(minutes=17)]
    assert ceremony.ends_at == edition.ceremony_at + timedelta(minutes=22)
    by_number = {p.category.number: p for p in ceremony.parts}
    # Champions by title, so their order tells nothing of the votes or of the Winner.
    assert [n.title for n in by_number[1].champions] == ["Alpha Link", "Zebra Net"]
    assert (by_number[1].winner.title, by_number[1].winner.entity) == ("Zebra Net", "Org Z")
    assert by_number[2].winner is None
    assert [c.number for c in ceremony.unconfirmed] == [2, 3]
    assert ceremony.slide_count == 1 + 3 * 3
    assert [p.first_slide() for p in ceremony.parts] == [2, 5, 8]
    assert ceremony.published is False
