"""Submitters' use cases on the database: drafts, submission rules, withdrawal, versions, teams."""

from dataclasses import replace
from datetime import date

import pytest
from flask import current_app
from sqlalchemy import func, select

from awards.accounts import tokens
from awards.audit.models import AuditEvent
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.submissions import access, editing, eligibility, teams
from awards.submissions.inputs import Contact, EntryInput
from awards.submissions.models import Entry, EntryState, PastWinner
from tests.conftest import Clock

NOW = Clock.DURING_SUBMISSION


def words(n, word="impact"):
    return " ".join([word] * n)


def complete(category_id, **overrides):
    data = EntryInput(
        title="Smart villages for rural health",
        category_id=category_id,
        entity_name="Ministry of ICT",
        stakeholder_type="government",
        country="KE",
        website="https://example.org/villages",
        start_date=date(2019, 1, 1),
        project_status="completed",
        description=words(160, "description"),
        impact_economic=words(60),
        impact_social=words(60),
        impact_environmental=words(60),
        partnerships=words(60),
        challenges=words(60),
        contacts=(Contact("Ana Pérez", "ana@example.org"), Contact(), Contact()),
        sdgs=((3, words(25, "health")),),
    )
    return replace(data, **overrides)


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def edition(make_edition):
    return make_edition()


@pytest.fixture
def owner(make_user):
    return make_user(email="owner@example.org")


def mails(template=None):
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return list(db.session.scalars(query))


def audit(action):
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
    )


def start(owner, category, data=None, **kwargs):
    data = data or complete(category.id)
    return editing.start_entry(owner, category, data, now=NOW, **kwargs)


def test_draft_saves_incomplete_text(ctx, edition, owner):
    category = edition.categories[0]
    outcome = start(owner, category, EntryInput(title="Half <b>done</b>", description="Some words"))
    entry = outcome.entry
    assert outcome.saved
    assert outcome.ok
    assert (entry.state, entry.title, entry.description) == (
        EntryState.DRAFT,
        "Half <b>done</b>",
        "Some words",
    )
    assert entry.title_key == "half b done b"
    assert mails() == []
    assert audit("entry.create") == 1


def test_submit_complete_entry_derives_keys_and_region_and_mails_the_team(ctx, edition, owner):
    outcome = start(owner, edition.categories[0], submit=True)
    entry = outcome.entry
    assert outcome.submitted_now
    assert entry.state is EntryState.SUBMITTED
    assert entry.submitted_at == NOW
    assert (entry.region, entry.website_key, entry.entity_key) == (
        "Africa",
        "example.org/villages",
        "ministry of ict",
    )
    sent = mails("entry_submitted")
    assert [m.recipient for m in sent] == ["owner@example.org"]
    assert "Smart villages for rural health" in sent[0].subject
    assert "description description" in sent[0].body_text
    assert audit("entry.submit") == 1


def test_submit_incomplete_keeps_a_draft_and_lists_the_problems(ctx, edition, owner):
    data = complete(edition.categories[0].id, description=words(149), website="not a url")
    outcome = start(owner, edition.categories[0], data, submit=True)
    assert outcome.entry.state is EntryState.DRAFT
    assert [p.field for p in outcome.problems] == ["website", "description"]
    assert outcome.entry.description == words(149)
    assert mails() == []


def test_one_entry_per_entity_per_category(ctx, edition, owner, make_user):
    category = edition.categories[0]
    start(owner, category, submit=True)
    other = make_user()
    data = complete(
        category.id,
        title="Another project",
        website="https://other.org",
        entity_name="  MINISTRY of ict ",
    )
    outcome = start(other, category, data, submit=True)
    assert outcome.entry.state is EntryState.DRAFT
    assert [p.field for p in outcome.conflicts] == ["entity_name"]
    second_category = start(
        other,
        edition.categories[1],
        replace(data, category_id=edition.categories[1].id),
        submit=True,
    )
    assert second_category.entry.state is EntryState.SUBMITTED


@pytest.mark.parametrize(
    "change",
    [
        {"title": "SMART villages for rural health!"},
        {"website": "http://www.example.org/villages/"},
    ],
)
def test_the_same_project_not_twice(ctx, edition, owner, make_user, change):
    start(owner, edition.categories[0], submit=True)
    data = complete(
        edition.categories[1].id,
        entity_name="Another entity",
        title="Different title",
        website="https://different.org",
    )
    outcome = start(make_user(), edition.categories[1], replace(data, **change), submit=True)
    assert outcome.entry.state is EntryState.DRAFT
    assert [p.field for p in outcome.conflicts] == ["title"]


def test_withdrawn_entries_do_not_block(ctx, edition, owner, make_user):
    first = start(owner, edition.categories[0], submit=True).entry
    editing.withdraw_entry(first, owner, now=NOW)
    outcome = start(make_user(), edition.categories[0], submit=True)
    assert outcome.entry.state is EntryState.SUBMITTED


@pytest.mark.parametrize(
    ("winner", "declared"),
    [
        (
            PastWinner(
                year=2019,
                title="Smart Villages for Rural Health",
                title_key="smart villages for rural health",
            ),
            False,
        ),
        (
            PastWinner(year=2018, title="x", title_key="x", website_key="example.org/villages"),
            False,
        ),
        (None, True),
    ],
)
def test_previous_winners_are_not_eligible(ctx, edition, owner, winner, declared):
    if winner:
        db.session.add(winner)
        db.session.flush()
    data = complete(edition.categories[0].id, declared_previous_winner=declared)
    outcome = start(owner, edition.categories[0], data, submit=True)
    assert outcome.entry.state is EntryState.DRAFT
    assert [p.field for p in outcome.conflicts] == ["declared_previous_winner"]


def test_version_conflict_keeps_the_saved_text(ctx, edition, owner, make_user):
    entry = start(owner, edition.categories[0], EntryInput(title="Original")).entry
    seen = entry.version
    editing.save_entry(
        entry,
        EntryInput(title="Owner's edit", category_id=entry.category_id),
        seen_version=seen,
        actor=owner,
        now=NOW,
    )
    with pytest.raises(editing.VersionConflict) as caught:
        editing.save_entry(
            entry,
            EntryInput(title="Editor's edit", category_id=entry.category_id),
            seen_version=seen,
            actor=owner,
            now=NOW,
        )
    assert caught.value.saved.title == "Owner's edit"
    assert caught.value.version == seen + 1
    assert db.session.get(Entry, entry.id).title == "Owner's edit"


def test_double_submit_with_the_same_version_submits_once(ctx, edition, owner):
    entry = start(owner, edition.categories[0], EntryInput(title="Draft")).entry
    data = complete(entry.category_id)
    for _ in range(2):
        outcome = editing.save_entry(entry, data, seen_version=1, actor=owner, submit=True, now=NOW)
        assert outcome.ok
    assert entry.state is EntryState.SUBMITTED
    assert len(mails("entry_submitted")) == 1
    assert audit("entry.submit") == 1


def test_repeated_creation_token_creates_one_entry(ctx, edition, owner):
    for _ in range(2):
        start(owner, edition.categories[0], creation_token="tok-1", submit=True)
    assert db.session.scalar(select(func.count()).select_from(Entry)) == 1
    assert len(mails("entry_submitted")) == 1


def test_editing_a_submitted_entry_is_rechecked(ctx, edition, owner):
    entry = start(owner, edition.categories[0], submit=True).entry
    version = entry.version
    ok = editing.save_entry(
        entry,
        complete(entry.category_id, title="Better title"),
        seen_version=version,
        actor=owner,
        now=NOW,
    )
    assert ok.saved
    assert entry.title == "Better title"
    assert entry.state is EntryState.SUBMITTED
    bad = editing.save_entry(
        entry,
        complete(entry.category_id, description="too short"),
        seen_version=entry.version,
        actor=owner,
        now=NOW,
    )
    assert not bad.saved
    assert [p.field for p in bad.problems] == ["description"]
    assert entry.state is EntryState.SUBMITTED
    assert entry.description == words(160, "description")


def test_nothing_changes_after_the_deadline(ctx, edition, owner):
    entry = start(owner, edition.categories[0], EntryInput(title="Draft")).entry
    with pytest.raises(eligibility.EditingClosed):
        editing.save_entry(
            entry,
            EntryInput(title="Late"),
            seen_version=entry.version,
            actor=owner,
            now=Clock.SUBMISSION_CLOSES,
        )
    with pytest.raises(eligibility.EditingClosed):
        editing.withdraw_entry(entry, owner, now=Clock.DURING_NOMINATION)
    with pytest.raises(eligibility.EditingClosed):
        editing.start_entry(
            owner, edition.categories[0], EntryInput(title="New"), now=Clock.BEFORE_OPEN
        )
    assert entry.title == "Draft"


def test_withdraw_is_for_the_owner_and_mails_the_team(ctx, edition, owner, make_user):
    entry = start(owner, edition.categories[0], submit=True).entry
    member = make_user(email="member@example.org")
    teams.invite(entry, "Member@Example.org", owner, now=NOW)
    secret = current_app.config["SECRET_KEY"]
    # a signed link whose payload names no real invitation is refused
    token = tokens.make_token(secret, tokens.Purpose.TEAM_INVITATION, {"i": 1, "e": "x"}, now=NOW)
    with pytest.raises(RuleViolation):
        teams.accept_invitation(token, member, now=NOW)
    invitation_mail = mails("team_invitation")[0]
    link = invitation_mail.body_text.split("http://awards.test/entries/join/")[1].split()[0]
    teams.accept_invitation(link, member, now=NOW)
    with pytest.raises(NotAllowed):
        editing.withdraw_entry(entry, member, now=NOW)
    editing.withdraw_entry(entry, owner, now=NOW)
    assert entry.state is EntryState.WITHDRAWN
    assert sorted(m.recipient for m in mails("entry_withdrawn")) == [
        "member@example.org",
        "owner@example.org",
    ]
    assert audit("entry.withdraw") == 1


def test_invitation_only_for_the_invited_address(ctx, edition, owner, make_user):
    entry = start(owner, edition.categories[0], EntryInput(title="Draft")).entry
    teams.invite(entry, "member@example.org", owner, now=NOW)
    link = mails("team_invitation")[0].body_text.split("/entries/join/")[1].split()[0]
    with pytest.raises(NotAllowed):
        teams.accept_invitation(link, make_user(email="someone@example.org"), now=NOW)
    member = make_user(email="MEMBER@example.org")
    joined = teams.accept_invitation(link, member, now=NOW)
    assert access.is_team_member(joined, member.id)
    with pytest.raises(NotAllowed):
        teams.invite(entry, "third@example.org", member, now=NOW)
    assert audit("entry.invite") == 1
    assert audit("entry.join") == 1


def test_members_get_the_confirmation_too(ctx, edition, owner, make_user):
    entry = start(owner, edition.categories[0], EntryInput(title="Draft")).entry
    teams.invite(entry, "member@example.org", owner, now=NOW)
    link = mails("team_invitation")[0].body_text.split("/entries/join/")[1].split()[0]
    member = make_user(email="member@example.org")
    teams.accept_invitation(link, member, now=NOW)
    editing.save_entry(
        entry,
        complete(entry.category_id),
        seen_version=entry.version,
        actor=member,
        submit=True,
        now=NOW,
    )
    assert sorted(m.recipient for m in mails("entry_submitted")) == [
        "member@example.org",
        "owner@example.org",
    ]


def test_dashboard_lists_owned_and_member_entries(ctx, edition, owner, make_user):
    mine = start(owner, edition.categories[0], EntryInput(title="Mine")).entry
    other_owner = make_user()
    theirs = start(other_owner, edition.categories[1], EntryInput(title="Theirs")).entry
    start(other_owner, edition.categories[2], EntryInput(title="Not shared"))
    teams.invite(theirs, owner.email, other_owner, now=NOW)
    link = mails("team_invitation")[0].body_text.split("/entries/join/")[1].split()[0]
    teams.accept_invitation(link, owner, now=NOW)
    assert [e.title for e in access.entries_of(owner)] == [mine.title, theirs.title]
