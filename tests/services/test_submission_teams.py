"""An entry's team on the database: who it is, invitation links in time, removal, withdrawal."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from awards.audit.models import AuditEvent
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.submissions import editing, teams
from awards.submissions.inputs import EntryInput
from awards.submissions.models import EntryMember
from tests.conftest import Clock
from tests.services.test_entries import complete

NOW = Clock.DURING_SUBMISSION
MAX_AGE = timedelta(seconds=teams.INVITATION_MAX_AGE)


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def edition(make_edition):
    return make_edition()


@pytest.fixture
def owner(make_user):
    return make_user(email="owner@example.org", name="Olga Owner")


@pytest.fixture
def entry(ctx, owner, edition):
    return editing.start_entry(
        owner, edition.categories[0], EntryInput(title="Smart villages"), now=NOW
    ).entry


def mails(template):
    query = select(OutboxMessage).where(OutboxMessage.template == template)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def audit(action):
    query = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
    return db.session.scalar(query)


def link_of(message):
    return message.body_text.split("/entries/join/")[1].split()[0]


def join(entry, owner, user, *, now=NOW):
    teams.invite(entry, user.email, owner, now=now)
    teams.accept_invitation(link_of(mails("team_invitation")[-1]), user, now=now)


def test_the_team_is_the_owner_first_then_active_members_each_once(entry, owner, make_user):
    first, gone, second = (make_user(email=f"m{i}@example.org") for i in range(3))
    for member in (first, gone, second):
        join(entry, owner, member)
    entry.members.append(EntryMember(user_id=owner.id))  # the owner listed as member too
    gone.is_active_account = False
    db.session.flush()
    assert [u.email for u in teams.team_of(entry)] == [
        "owner@example.org",
        "m0@example.org",
        "m2@example.org",
    ]


def test_a_deactivated_member_is_not_mailed_on_submit_or_withdraw(entry, owner, make_user):
    active, gone = make_user(email="active@example.org"), make_user(email="gone@example.org")
    join(entry, owner, active)
    join(entry, owner, gone)
    gone.is_active_account = False
    db.session.flush()
    editing.save_entry(
        entry, complete(entry.category_id), seen_version=entry.version, actor=owner,
        submit=True, now=NOW,
    )  # fmt: skip
    editing.withdraw_entry(entry, owner, now=NOW)
    for template in ("entry_submitted", "entry_withdrawn"):
        assert sorted(m.recipient for m in mails(template)) == [
            "active@example.org",
            "owner@example.org",
        ]


@pytest.mark.parametrize(
    ("age", "valid"),
    [(MAX_AGE - timedelta(seconds=1), True), (MAX_AGE + timedelta(seconds=1), False)],
)
def test_an_invitation_link_expires_after_its_age(entry, owner, make_user, age, valid):
    sent = NOW - timedelta(days=20)
    teams.invite(entry, "late@example.org", owner, now=NOW)
    invitation = teams.pending_invitations(entry)[0]
    token = teams.invitation_token(invitation, sent)
    opened = sent + age
    if valid:
        assert teams.invitation_from_token(token, now=opened).id == invitation.id
    else:
        with pytest.raises(RuleViolation, match="expired"):
            teams.invitation_from_token(token, now=opened)


def test_the_owner_removes_a_member_who_is_told_in_their_language(entry, owner, make_user):
    member = make_user(email="member@example.org", locale="fr", name="Marie")
    join(entry, owner, member)
    with pytest.raises(NotAllowed):
        teams.remove_member(entry, owner.id, member, now=NOW)
    teams.remove_member(entry, member.id, owner, now=NOW)
    assert [u.email for u in teams.team_of(entry)] == ["owner@example.org"]
    assert audit("entry.member_remove") == 1
    (told,) = mails("team_removed")
    assert told.recipient == "member@example.org"
    assert told.locale == "fr"
    assert "Olga Owner" in told.body_text
    assert "Smart villages" in told.body_html
    with pytest.raises(RuleViolation, match="withdrawn"):
        teams.accept_invitation(link_of(mails("team_invitation")[0]), member, now=NOW)


def test_removing_someone_not_on_the_team_is_404(entry, owner, make_user):
    with pytest.raises(RuleViolation) as caught:
        teams.remove_member(entry, make_user().id, owner, now=NOW)
    assert caught.value.status_code == 404


def test_a_withdrawn_invitation_link_says_so_until_invited_again(entry, owner, make_user):
    guest = make_user(email="guest@example.org")
    teams.invite(entry, "guest@example.org", owner, now=NOW)
    link = link_of(mails("team_invitation")[0])
    invitation = teams.pending_invitations(entry)[0]
    with pytest.raises(NotAllowed):
        teams.cancel_invitation(entry, invitation.id, guest, now=NOW)
    teams.cancel_invitation(entry, invitation.id, owner, now=NOW)
    assert teams.pending_invitations(entry) == []
    assert audit("entry.invitation_cancel") == 1
    with pytest.raises(RuleViolation, match="withdrawn by the person who started the entry"):
        teams.accept_invitation(link, guest, now=NOW)
    teams.invite(entry, "guest@example.org", owner, now=NOW)
    assert teams.accept_invitation(link_of(mails("team_invitation")[-1]), guest, now=NOW)
    assert guest.id in entry.team_ids()
