"""Account settings: details, password, e-mail address (and its confirmation link)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from awards import clock
from awards.accounts import credentials
from awards.accounts.forms import ChangeEmailForm, ChangePasswordForm, ProfileForm
from awards.accounts.models import User
from awards.accounts.tokens import TokenError
from awards.accounts.view_helpers import (
    bp,
    commit_for_worker,
    rejected,
    relogin,
    signed_in_user,
    token_problem,
)
from awards.errors import RuleViolation
from awards.transaction import commit


def _profile_form(user: User, **kwargs: Any) -> ProfileForm:
    return ProfileForm(keep_country=user.country, now=clock.utcnow(), **kwargs)


def _settings_page(status: int = 200, **forms: FlaskForm) -> tuple[str, int]:
    user = signed_in_user()
    page = render_template(
        "accounts/settings.html",
        profile_form=forms.get("profile") or _profile_form(user, formdata=None, obj=user),
        password_form=forms.get("password") or ChangePasswordForm(formdata=None),
        email_form=forms.get("email") or ChangeEmailForm(formdata=None),
    )
    return page, status


@bp.get("/settings")
@login_required
def settings():
    return _settings_page()


@bp.post("/settings/profile")
@login_required
def update_profile():
    form = _profile_form(signed_in_user())
    if not form.validate():
        return _settings_page(400, profile=form)
    credentials.update_profile(
        signed_in_user(),
        name=form.name.data,
        organisation=form.organisation.data,
        country=form.country.data,
        locale=form.locale.data,
        timezone=form.timezone.data,
    )
    commit()
    session["lang"] = form.locale.data
    flash(_("Your details have been saved."), "success")
    return redirect(url_for("accounts.settings"))


@bp.post("/settings/password")
@login_required
def change_password():
    form = ChangePasswordForm()
    form.account_email = current_user.email
    if not form.validate():
        return _settings_page(400, password=form)
    user = signed_in_user()
    try:
        credentials.change_password(user, form.current_password.data, form.new_password.data)
    except RuleViolation as exc:
        rejected(exc, form)
        return _settings_page(400, password=form)
    relogin(user)
    commit()
    flash(_("Your password has been changed. Other devices have been signed out."), "success")
    return redirect(url_for("accounts.settings"))


@bp.post("/settings/email")
@login_required
def change_email():
    form = ChangeEmailForm()
    if not form.validate():
        return _settings_page(400, email=form)
    try:
        credentials.request_email_change(
            signed_in_user(), form.email_password.data, form.new_email.data, now=clock.utcnow()
        )
    except RuleViolation as exc:
        rejected(exc, form)
        return _settings_page(400, email=form)
    commit_for_worker()
    flash(
        _(
            "We sent a link to %(email)s. Your address changes when you follow it.",
            email=form.new_email.data,
        ),
        "success",
    )
    return redirect(url_for("accounts.settings"))


@bp.route("/confirm-email/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    now = clock.utcnow()
    try:
        if request.method == "GET":
            user, new_email = credentials.check_email_change_token(token, now=now)
            return render_template("accounts/confirm_email.html", new_email=new_email)
        # Read who is signed in before the change bumps the stamps.
        signed_in_id = current_user.id if current_user.is_authenticated else None
        user = credentials.confirm_email_change(token, now=now)
    except TokenError as exc:
        return token_problem(exc)
    if signed_in_id == user.id:
        relogin(user)
    commit()
    flash(_("Your email address is now %(email)s.", email=user.email), "success")
    if signed_in_id == user.id:
        return redirect(url_for("accounts.settings"))
    return redirect(url_for("accounts.login"))
