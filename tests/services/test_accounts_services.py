"""Account use cases on the database: registration, verification, reset, e-mail change, roles."""

import re
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from awards.accounts import services
from awards.accounts.models import User
from awards.accounts.passwords import verify_password
from awards.accounts.roles import Role
from awards.accounts.services import EmailTaken, Profile
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
    user = services.register(PROFILE, "Ana.Lima@Example.org", PASSWORD, now=NOW)
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
def test_register_duplicate_in_any_form_is_refused(app, second):
    services.register(PROFILE, "ÅNGSTRÖM@example.org", PASSWORD)
    with pytest.raises(EmailTaken) as info:
        services.register(PROFILE, second, PASSWORD)
    assert info.value.field == "email"
    assert _users() == 1


def test_register_refuses_password_equal_to_email(app):
    with pytest.raises(RuleViolation) as info:
        services.register(PROFILE, "ana@example.org", "ANA@example.org")
    assert info.value.field == "password"
    assert _users() == 0


def test_verification_link_works_once(app):
    user = services.register(PROFILE, "ana@example.org", PASSWORD, now=NOW)
    token = _token_in(_mails()[0])
    assert services.verify_email(token, now=NOW + timedelta(hours=1)) is user
    assert user.email_verified_at == NOW + timedelta(hours=1)
    with pytest.raises(TokenUsed):
        services.verify_email(token, now=NOW + timedelta(hours=2))
    assert "account.verified" in _actions(user)


def test_verification_link_expires(app):
    services.register(PROFILE, "ana@example.org", PASSWORD, now=NOW)
    token = _token_in(_mails()[0])
    max_age = app.config["TOKEN_MAX_AGE_SECONDS"]
    with pytest.raises(TokenExpired):
        services.verify_email(token, now=NOW + timedelta(seconds=max_age + 1))


def test_verification_link_of_a_deleted_account_is_invalid(app, make_user):
    user = make_user(verified=False)
    token = services.verification_token(user)
    db.session.delete(user)
    db.session.flush()
    with pytest.raises(TokenInvalid):
        services.verify_email(token)


def test_authenticate(app, make_user):
    user = make_user(email="ana@example.org", password=PASSWORD)
    assert services.authenticate("nobody@example.org", PASSWORD) is None
    assert services.authenticate("ana@example.org", "wrong password!") is None
    assert user.last_login_at is None
    assert services.authenticate("ANA@example.org", PASSWORD, now=NOW) is user
    assert user.last_login_at == NOW


def test_reset_request_for_unknown_address_sends_nothing(app, make_user):
    make_user(email="ana@example.org")
    services.request_password_reset("nobody@example.org")
    assert _mails() == []


def test_reset_sets_password_bumps_stamp_and_kills_every_earlier_link(app, make_user):
    user = make_user(email="ana@example.org", verified=False)
    services.request_password_reset("ANA@example.org", now=NOW)
    services.request_password_reset("ana@example.org", now=NOW + timedelta(minutes=5))
    first, second = (_token_in(m) for m in _mails("ana@example.org"))
    stamp = user.security_stamp

    services.reset_password(second, "a brand new password", now=NOW + timedelta(minutes=6))

    assert verify_password(user.password_hash, "a brand new password")
    assert user.security_stamp == stamp + 1
    assert user.is_verified  # the link reached the address
    for token in (first, second):
        with pytest.raises(TokenUsed):
            services.check_reset_token(token, now=NOW + timedelta(minutes=7))
    assert "account.password_reset" in _actions(user)


def test_reset_refuses_too_short_password_and_keeps_link_usable(app, make_user):
    user = make_user(email="ana@example.org")
    token = services.reset_token(user)
    with pytest.raises(RuleViolation):
        services.reset_password(token, "short")
    assert services.check_reset_token(token) is user


def test_change_password_needs_current_password(app, make_user):
    user = make_user(password=PASSWORD)
    with pytest.raises(RuleViolation) as info:
        services.change_password(user, "not my password", "another good password")
    assert info.value.field == "current_password"
    stamp = user.security_stamp
    services.change_password(user, PASSWORD, "another good password")
    assert verify_password(user.password_hash, "another good password")
    assert user.security_stamp == stamp + 1
    assert "account.password_changed" in _actions(user)


def test_email_change_waits_for_the_link_then_switches(app, make_user):
    user = make_user(email="old@example.org", password=PASSWORD)
    services.request_email_change(user, PASSWORD, "New@Example.org", now=NOW)

    assert user.email == "old@example.org"
    assert user.pending_email == "New@Example.org"
    [confirm] = _mails("New@Example.org")
    [notice] = _mails("old@example.org")
    assert "New@Example.org" in notice.body_text
    assert "/account/confirm-email/" not in notice.body_text

    token = _token_in(confirm)
    services.confirm_email_change(token, now=NOW + timedelta(hours=1))
    assert user.email == "New@Example.org"
    assert user.email_key == "new@example.org"
    assert user.pending_email is None
    assert user.email_verified_at == NOW + timedelta(hours=1)
    with pytest.raises(TokenUsed):
        services.confirm_email_change(token, now=NOW + timedelta(hours=2))
    assert "account.email_changed" in _actions(user)


def test_email_change_refuses_wrong_password_and_taken_address(app, make_user):
    make_user(email="taken@example.org")
    user = make_user(email="old@example.org", password=PASSWORD)
    with pytest.raises(RuleViolation) as info:
        services.request_email_change(user, "wrong password", "new@example.org")
    assert info.value.field == "email_password"
    with pytest.raises(EmailTaken) as info:
        services.request_email_change(user, PASSWORD, "TAKEN@example.org")
    assert info.value.field == "new_email"
    with pytest.raises(RuleViolation):
        services.request_email_change(user, PASSWORD, "OLD@example.org")
    assert _mails() == []


def test_newer_email_change_request_replaces_the_older_link(app, make_user):
    user = make_user(email="old@example.org", password=PASSWORD)
    services.request_email_change(user, PASSWORD, "first@example.org")
    services.request_email_change(user, PASSWORD, "second@example.org")
    first = _token_in(_mails("first@example.org")[0])
    with pytest.raises(TokenUsed):
        services.confirm_email_change(first)
    assert user.email == "old@example.org"


def test_email_change_refused_when_address_was_taken_meanwhile(app, make_user):
    user = make_user(email="old@example.org", password=PASSWORD)
    services.request_email_change(user, PASSWORD, "new@example.org")
    token = _token_in(_mails("new@example.org")[0])
    make_user(email="NEW@example.org")
    with pytest.raises(EmailTaken):
        services.confirm_email_change(token)
    assert user.email == "old@example.org"


def test_grant_role_is_idempotent_and_audited(app, make_user, make_edition):
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, None),))
    user = make_user()
    first = services.grant_role(user, Role.JURY, edition.id, organiser)
    again = services.grant_role(user, Role.JURY, edition.id, organiser)
    assert first is again
    assert user.has_role(Role.JURY, edition.id)
    assert not user.has_role(Role.JURY, edition.id + 1)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "role.granted"))
    [event] = list(events)
    assert event.actor_id == organiser.id
    assert event.edition_id == edition.id


def test_create_organiser_new_and_existing(app, make_user):
    created = services.create_organiser("Org Aniser", "org@example.org", PASSWORD)
    assert created.is_verified
    assert created.has_role(Role.ORGANISER)

    existing = make_user(email="jo@example.org", verified=False, password=PASSWORD)
    upgraded = services.create_organiser("Ignored", "JO@example.org", "other password!")
    assert upgraded is existing
    assert upgraded.has_role(Role.ORGANISER)
    assert upgraded.is_verified
    assert verify_password(upgraded.password_hash, PASSWORD)  # password untouched
    assert _users() == 2


def test_jury_invitation_creates_account(app, make_user, make_edition):
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, None),))
    services.invite_jury(edition, "Jury Person", "jury@example.org", organiser, "fr")
    [mail] = _mails("jury@example.org")
    assert mail.locale == "fr"
    token = _token_in(mail)

    invitation = services.read_invitation(token)
    assert invitation.account is None
    assert invitation.name == "Jury Person"
    profile = Profile("Jury Person", "academia", "FR")
    user = services.accept_invitation_with_new_account(invitation, profile, PASSWORD)
    assert user.is_verified
    assert user.has_role(Role.JURY, edition.id)
    assert services.jury_members(edition.id) == [user]
    with pytest.raises(TokenUsed):
        services.read_invitation(token)


def test_jury_invitation_upgrades_only_the_invited_account(app, make_user, make_edition):
    edition = make_edition()
    organiser = make_user(roles=((Role.ORGANISER, None),))
    invitee = make_user(email="jury@example.org")
    stranger = make_user(email="stranger@example.org")
    services.invite_jury(edition, "Jury Person", "JURY@example.org", organiser)
    invitation = services.read_invitation(_token_in(_mails("JURY@example.org")[0]))
    assert invitation.account is invitee

    with pytest.raises(NotAllowed):
        services.accept_invitation(invitation, stranger)
    services.accept_invitation(invitation, invitee)
    assert invitee.has_role(Role.JURY, edition.id)
    assert not stranger.has_role(Role.JURY, edition.id)
    with pytest.raises(RuleViolation):
        services.invite_jury(edition, "Again", "jury@example.org", organiser)
