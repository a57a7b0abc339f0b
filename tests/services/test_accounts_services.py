"""Account use cases on the database: registration, verification, reset, e-mail change, roles."""

import re
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from awards.accounts import credentials, grants, jury_invitations, registration
from awards.accounts.models import User
from awards.accounts.passwords import verify_password
from awards.accounts.registration import EmailTaken, Profile
from awards.accounts.roles import Role
from awards.accounts.tokens import TokenExpired, TokenInvalid, TokenUsed
from awards.audit.models import AuditEvent
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.outbox.models import OutboxMessage

NOW = datetime(2021, 1, 10, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
PROFILE = Profile(name="Ana Lima", stakeholder_type="academia", country="br", locale="es")


def _mails(recipient=None):
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if recipient:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(query))


def _token_in(message):
    match = re.search(r"http://awards\.test/account/[\w-]+/(\S+)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def _users():
    return db.session.scalar(select(func.count()).select_from(User))


def _actions(user):
    query = select(AuditEvent.action).where(
        AuditEvent.object_type == "User", AuditEvent.object_id == str(user.id)
    )
    return list(db.session.scalars(query))


def test_register_creates_unverified_account_and_queues_link(app):
    user = registration.register(PROFILE, "Ana.Lima@Example.org", PASSWORD, now=NOW)
    assert not user.is_verified
    assert user.email_key == "ana.lima@example.org"
    assert user.country == "BR"
    assert user.locale == "es"
    assert verify_password(user.password_hash, PASSWORD)
    [mail] = _mails()
    assert mail.recipient == "Ana.Lima@Example.org"
    assert mail.locale == "es"
    assert "http://awards.test/account/verify/" in mail.body_text
    assert _actions(user) == ["account.registered"]


@pytest.mark.parametrize(
    "second",
    [
        "ANGSTRÖM@example.org".replace("A", "Å", 1),
        unicodedata.normalize("NFD", "ÅNGSTRÖM@example.org"),
        "ångström@example.org",
        " ÅNGSTRÖM@EXAMPLE.ORG ",
    ],
)
def test_register_duplicate_in_any_form_makes_no_account_and_notifies_the_owner(app, second):
    first = registration.register(PROFILE, "ÅNGSTRÖM@example.org", PASSWORD, now=NOW)
    assert registration.register(PROFILE, second, PASSWORD, now=NOW) is None
    assert _users() == 1
    templates = [mail.template for mail in _mails(first.email)]
    assert templates == ["verify_email", "account_exists"]


def test_register_refuses_password_equal_to_email(app):
    with pytest.raises(RuleViolation) as info:
        registration.register(PROFILE, "ana@example.org", "ANA@example.org", now=NOW)
    assert info.value.field == "password"
    assert _users() == 0


def test_verification_link_works_once(app):
    user = registration.register(PROFILE, "ana@example.org", PASSWORD, now=NOW)
    token = _token_in(_mails()[0])
    assert registration.verify_email(token, now=NOW + timedelta(hours=1)) is user
    assert user.email_verified_at == NOW + timedelta(hours=1)
    with pytest.raises(TokenUsed):
        registration.verify_email(token, now=NOW + timedelta(hours=2))
    assert "account.verified" in _actions(user)


def test_verification_link_expires(app):
    registration.register(PROFILE, "ana@example.org", PASSWORD, now=NOW)
    token = _token_in(_mails()[0])
    max_age = app.config["TOKEN_MAX_AGE_SECONDS"]
    with pytest.raises(TokenExpired):
        registration.verify_email(token, now=NOW + timedelta(seconds=max_age + 1))


def test_verification_link_of_a_deleted_account_is_invalid(app, make_user):
    user = make_user(verified=False)
    token = registration.verification_token(user, now=NOW)
    db.session.delete(user)
    db.session.flush()
    with pytest.raises(TokenInvalid):
        registration.verify_email(token, now=NOW)


def test_authenticate(app, make_user):
    user = make_user(email="ana@example.org", password=PASSWORD)
    assert credentials.authenticate("nobody@example.org", PASSWORD, now=NOW) is None
    assert credentials.authenticate("ana@example.org", "wrong password!", now=NOW) is None
    assert user.last_login_at is None
    assert credentials.authenticate("ANA@example.org", PASSWORD, now=NOW) is user
    assert user.last_login_at == NOW


def test_reset_request_for_unknown_address_sends_nothing(app, make_user):
    make_user(email="ana@example.org")
    credentials.request_password_reset("nobody@example.org", now=NOW)
    assert _mails() == []


def test_reset_sets_password_bumps_stamp_and_kills_every_earlier_link(app, make_user):
    user = make_user(email="ana@example.org", verified=False)
    credentials.request_password_reset("ANA@example.org", now=NOW)
    credentials.request_password_reset("ana@example.org", now=NOW + timedelta(minutes=5))
    first, second = (_token_in(m) for m in _mails("ana@example.org"))
    stamp = user.security_stamp

    credentials.reset_password(second, "a brand new password", now=NOW + timedelta(minutes=6))

    assert verify_password(user.password_hash, "a brand new password")
    assert user.security_stamp == stamp + 1
    assert user.is_verified  # the link reached the address
    for token in (first, second):
        with pytest.raises(TokenUsed):
            credentials.check_reset_token(token, now=NOW + timedelta(minutes=7))
    assert "account.password_reset" in _actions(user)


def test_reset_refuses_too_short_password_and_keeps_link_usable(app, make_user):
    user = make_user(email="ana@example.org")
    token = credentials.reset_token(user, now=NOW)
    with pytest.raises(RuleViolation):
        credentials.reset_password(token, "short", now=NOW)
    assert credentials.check_reset_token(token, now=NOW) is user


def test_change_password_needs_current_password(app, make_user):
    user = make_user(password=PASSWORD)
    with pytest.raises(RuleViolation) as info:
        credentials.change_password(user, "not my password", "another good password")
    assert info.value.field == "current_password"
    stamp = user.security_stamp
    credentials.change_password(user, PASSWORD, "another good password")
    assert verify_password(user.password_hash, "another good password")
    assert user.security_stamp == stamp + 1
    assert "account.password_changed" in _actions(user)


def test_email_change_waits_for_the_link_then_switches(app, make_user):
    user = make_user(email="old@example.org", password=PASSWORD)
    credentials.request_email_change(user, PASSWORD, "New@Example.org", now=NOW)

    assert user.email == "old@example.org"
    assert user.pending_email == "New@Example.org"
    [confirm] = _mails("New@Example.org")
    [notice] = _mails("old@example.org")
    assert "New@Example.org" in notice.body_text
    assert "/account/confirm-email/" not in notice.body_text

    token = _token_in(confirm)
    credentials.confirm_email_change(token, now=NOW + timedelta(hours=1))
    assert user.email == "New@Example.org"
    assert user.email_key == "new@example.org"
    assert user.pending_email is None
    assert user.email_verified_at == NOW + timedelta(hours=1)
    with pytest.raises(TokenUsed):
        credentials.confirm_email_change(token, now=NOW + timedelta(hours=2))
    assert "account.email_changed" in _actions(user)


def test_email_change_refuses_wrong_password_and_taken_address(app, make_user):
    make_user(email="taken@example.org")
    user = make_user(email="old@example.org", password=PASSWORD)
    with pytest.raises(RuleViolation) as info:
        credentials.request_email_change(user, "wrong password", "new@example.org", now=NOW)
    assert info.value.field == "email_password"
    with pytest.raises(EmailTaken) as info:
        credentials.request_email_change(user, PASSWORD, "TAKEN@example.org", now=NOW)
    assert info.value.field == "new_email"
    with pytest.raises(RuleViolation):
        credentials.request_email_change(user, PASSWORD, "OLD@example.org", now=NOW)
    assert _mails() == []


def test_newer_email_change_request_replaces_the_older_link(app, make_user):
    user = make_user(email="old@example.org", password=PASSWORD)
    credentials.request_email_change(user, PASSWORD, "first@example.org", now=NOW)
    credentials.request_email_change(user, PASSWORD, "second@example.org", now=NOW)
    first = _token_in(_mails("first@example.org")[0])
    with pytest.raises(TokenUsed):
        credentials.confirm_email_change(first, now=NOW)
    assert user.email == "old@example.org"


def test_email_change_refused_when_address_was_taken_meanwhile(app, make_user):
    user = make_user(email="old@example.org", password=PASSWORD)
    credentials.request_email_change(user, PASSWORD, "new@example.org", now=NOW)
    token = _token_in(_mails("new@example.org")[0])
    make_user(email="NEW@example.org")
    with pytest.raises(EmailTaken):
        credentials.confirm_email_change(token, now=NOW)
    assert user.email == "old@example.org"


def test_grant_role_is_idempotent_and_audited(app, make_user, make_edition):
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, None),))
    user = make_user()
    first = grants.grant_role(user, Role.JURY, edition.id, organiser, now=NOW)
    again = grants.grant_role(user, Role.JURY, edition.id, organiser, now=NOW)
    assert first is again
    assert user.has_role(Role.JURY, edition.id)
    assert not user.has_role(Role.JURY, edition.id + 1)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "role.granted"))
    [event] = list(events)
    assert event.actor_id == organiser.id
    assert event.edition_id == edition.id


def test_create_organiser_new_and_existing(app, make_user):
    created = grants.create_organiser("Org Aniser", "org@example.org", PASSWORD, now=NOW)
    assert created.is_verified
    assert created.has_role(Role.ORGANISER)

    existing = make_user(email="jo@example.org", verified=False, password=PASSWORD)
    upgraded = grants.create_organiser("Ignored", "JO@example.org", "other password!", now=NOW)
    assert upgraded is existing
    assert upgraded.has_role(Role.ORGANISER)
    assert upgraded.is_verified
    assert verify_password(upgraded.password_hash, PASSWORD)  # password untouched
    assert _users() == 2


def test_jury_invitation_creates_account(app, make_user, make_edition):
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, None),))
    jury_invitations.invite_jury(
        edition, "Jury Person", "jury@example.org", invited_by=organiser, locale="fr", now=NOW
    )
    [mail] = _mails("jury@example.org")
    assert mail.locale == "fr"
    token = _token_in(mail)

    invitation = jury_invitations.read_invitation(token, now=NOW)
    assert invitation.account is None
    assert invitation.name == "Jury Person"
    profile = Profile("Jury Person", "academia", "FR")
    user = jury_invitations.accept_invitation_with_new_account(
        invitation, profile, PASSWORD, now=NOW
    )
    assert user.is_verified
    assert user.has_role(Role.JURY, edition.id)
    assert grants.jury_members(edition.id) == [user]
    with pytest.raises(TokenUsed):
        jury_invitations.read_invitation(token, now=NOW)


def test_jury_invitation_upgrades_only_the_invited_account(app, make_user, make_edition):
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, None),))
    invitee = make_user(email="jury@example.org")
    stranger = make_user(email="stranger@example.org")
    jury_invitations.invite_jury(
        edition, "Jury Person", "JURY@example.org", invited_by=organiser, locale="en", now=NOW
    )
    invitation = jury_invitations.read_invitation(_token_in(_mails("JURY@example.org")[0]), now=NOW)
    assert invitation.account is invitee

    with pytest.raises(NotAllowed):
        jury_invitations.accept_invitation(invitation, stranger, now=NOW)
    jury_invitations.accept_invitation(invitation, invitee, now=NOW)
    assert invitee.has_role(Role.JURY, edition.id)
    assert not stranger.has_role(Role.JURY, edition.id)
    with pytest.raises(RuleViolation):
        jury_invitations.invite_jury(
            edition, "Again", "jury@example.org", invited_by=organiser, locale="en", now=NOW
        )
