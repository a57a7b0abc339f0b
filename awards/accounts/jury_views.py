"""The organisers' jury page (members, invitations: send, resend, revoke) and accepting one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user
from flask_wtf import FlaskForm

from awards import clock
from awards.access.gate import requires
from awards.access.rules import Action
from awards.accounts import grants, jury_invitations
from awards.accounts.blocked_domains import DisposableAddress
from awards.accounts.forms import InvitationAccountForm, JuryInvitationForm
from awards.accounts.jury_invitations import Invitation
from awards.accounts.models import JuryInvitation
from awards.accounts.tokens import TokenError
from awards.accounts.view_helpers import (
    bp,
    form_page,
    profile_of,
    rejected,
    signed_in_user,
    token_problem,
)
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.i18n import current_locale
from awards.transaction import commit


def _jury_page(edition: Edition, form: FlaskForm) -> tuple[str, int]:
    return form_page(
        "accounts/jury.html",
        form,
        edition=edition,
        members=grants.jury_members(edition.id),
        invitations=jury_invitations.invitations_of(edition.id),
        action_form=FlaskForm(),
    )


@bp.route("/organise/editions/<int:edition_id>/jury", methods=["GET", "POST"])
@requires(Action.ORGANISE, edition_arg="edition_id")
def jury(edition_id: int):
    edition = db.session.get(Edition, edition_id) or abort(404)
    form = JuryInvitationForm(data={"locale": current_locale()})
    if not form.validate_on_submit():
        return _jury_page(edition, form)
    try:
        jury_invitations.invite_jury(
            edition,
            form.name.data,
            form.email.data,
            invited_by=signed_in_user(),
            locale=form.locale.data,
            now=clock.utcnow(),
        )
    except RuleViolation as exc:
        rejected(exc, form)
        return _jury_page(edition, form)
    commit()
    flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
    return redirect(url_for("accounts.jury", edition_id=edition.id))


def _invitation_or_404(edition_id: int, invitation_id: int) -> JuryInvitation:
    invitation = jury_invitations.find_invitation(edition_id, invitation_id)
    if invitation is None or not FlaskForm().validate_on_submit():
        abort(404 if invitation is None else 400)
    return invitation


@bp.post("/organise/editions/<int:edition_id>/jury/invitations/<int:invitation_id>/resend")
@requires(Action.ORGANISE, edition_arg="edition_id")
def resend_invitation(edition_id: int, invitation_id: int):
    return _change_invitation(
        edition_id,
        invitation_id,
        jury_invitations.resend_invitation,
        _l("A new invitation was sent to %(email)s."),
    )


@bp.post("/organise/editions/<int:edition_id>/jury/invitations/<int:invitation_id>/revoke")
@requires(Action.ORGANISE, edition_arg="edition_id")
def revoke_invitation(edition_id: int, invitation_id: int):
    return _change_invitation(
        edition_id,
        invitation_id,
        jury_invitations.revoke_invitation,
        _l("The invitation to %(email)s was withdrawn."),
    )


def _change_invitation(
    edition_id: int, invitation_id: int, change: Callable[..., Any], done: Any
) -> Any:
    """Resend or revoke one invitation, then back to the jury page with what happened."""
    invitation = _invitation_or_404(edition_id, invitation_id)
    back = redirect(url_for("accounts.jury", edition_id=edition_id), 303)
    try:
        change(invitation, actor=signed_in_user(), now=clock.utcnow())
    except RuleViolation as exc:
        flash(exc.message, "error")
        return back
    commit()
    flash(str(done) % {"email": invitation.email}, "success")
    return back


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        invitation = jury_invitations.read_invitation(token, now=clock.utcnow())
    except TokenError as exc:
        return token_problem(exc)
    if current_user.is_authenticated:
        return _accept_as_signed_in(invitation)
    if invitation.account is not None:
        return render_template("accounts/invitation_sign_in.html", invitation=invitation)
    return _accept_with_new_account(invitation)


def _accept_as_signed_in(invitation: Invitation):
    matches = current_user.email_key == invitation.row.email_key
    if request.method == "GET" or not matches:
        page = render_template("accounts/invitation.html", invitation=invitation, matches=matches)
        return page, 200 if matches else 403
    jury_invitations.accept_invitation(invitation, signed_in_user(), now=clock.utcnow())
    commit()
    flash(_("You are now a jury member of %(edition)s.", edition=invitation.edition.title))
    return redirect(url_for("contest.home"))


def _accept_with_new_account(invitation: Invitation):
    form = InvitationAccountForm(data={"name": invitation.name})
    form.account_email = invitation.email
    if not form.validate_on_submit():
        return form_page("accounts/invitation_register.html", form, invitation=invitation)
    try:
        user = jury_invitations.accept_invitation_with_new_account(
            invitation, profile_of(form), form.password.data, now=clock.utcnow()
        )
    except RuleViolation as exc:
        rejected(exc, form, on_form=isinstance(exc, DisposableAddress))
        return form_page("accounts/invitation_register.html", form, invitation=invitation)
    login_user(user)
    commit()
    flash(_("Welcome. You are now a jury member of %(edition)s.", edition=invitation.edition.title))
    return redirect(url_for("contest.home"))
