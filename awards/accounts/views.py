"""Register, verify, sign in and out, reset a forgotten password.

The settings pages are in ``settings_views``, the jury pages in ``jury_views``: one blueprint,
"accounts", defined in ``view_helpers``.
"""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from awards import clock
from awards.accounts import credentials, jury_views, known_browsers, registration, settings_views
from awards.accounts.forms import ForgotPasswordForm, LoginForm, RegisterForm, ResetPasswordForm
from awards.accounts.rules import email_key
from awards.accounts.tokens import TokenError
from awards.accounts.view_helpers import (
    bp,
    commit_for_worker,
    form_page,
    limit,
    profile_of,
    rejected,
    signed_in_user,
    token_problem,
)
from awards.errors import RuleViolation
from awards.extensions import limiter
from awards.i18n import safe_next
from awards.transaction import commit

__all__ = ["bp", "jury_views", "settings_views"]  # importing those registers their routes


# --- registration and verification ------------------------------------------------------------


def _registered_address_key() -> str:
    """The per-address sign-up limit's key: the typed address's identity, from any client."""
    return "register-address:" + email_key(request.form.get("email", ""))[:254]


def _no_address() -> bool:
    return not request.form.get("email", "").strip()


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(limit("RATELIMIT_REGISTER"), methods=["POST"])
@limiter.limit(
    limit("RATELIMIT_REGISTER_ADDRESS"),
    methods=["POST"],
    key_func=_registered_address_key,
    scope="register-address",
    exempt_when=_no_address,
    # Counted when a sign-up is accepted (a mail goes to the address), not for a typo.
    deduct_when=lambda response: response.status_code == 302,
)
def register():
    if current_user.is_authenticated:
        return redirect(url_for("contest.home"))
    form = RegisterForm()
    if not form.validate_on_submit():
        return form_page("accounts/register.html", form)
    try:
        registration.register(
            profile_of(form), form.email.data, form.password.data, now=clock.utcnow()
        )
    except RuleViolation as exc:
        rejected(exc, form)
        return form_page("accounts/register.html", form)
    commit_for_worker()
    session["registered_email"] = form.email.data.strip()
    return redirect(url_for("accounts.check_email"))


@bp.get("/register/check-email")
def check_email():
    return render_template("accounts/check_email.html", email=session.get("registered_email"))


@bp.get("/verify/<token>")
def verify_email(token: str):
    try:
        user = registration.verify_email(token, now=clock.utcnow())
    except TokenError as exc:
        return token_problem(exc)
    commit()
    return render_template("accounts/verified.html", user=user)


@bp.get("/unverified")
@login_required
def unverified():
    if current_user.is_verified:
        return redirect(url_for("contest.home"))
    return render_template("accounts/unverified.html")


@bp.post("/unverified/resend")
@login_required
@limiter.limit(limit("RATELIMIT_RESEND"))
def resend_verification():
    if current_user.is_verified:
        return redirect(url_for("contest.home"))
    registration.send_verification(signed_in_user(), now=clock.utcnow())
    commit()
    flash(_("We sent a new link to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("accounts.unverified"))


# --- signing in and out -----------------------------------------------------------------------


def _account_key() -> str:
    """The per-account limit's key: the typed address's identity, known account or not."""
    return "login-account:" + email_key(request.form.get("email", ""))[:254]


def _known_browser() -> bool:
    return known_browsers.is_known(request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(limit("RATELIMIT_LOGIN"), methods=["POST"])
@limiter.limit(
    limit("RATELIMIT_LOGIN_ACCOUNT"),
    methods=["POST"],
    key_func=_account_key,
    scope="login-account",
    exempt_when=_known_browser,
    deduct_when=lambda response: response.status_code != 302,  # failures only
)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data))
    if not form.validate_on_submit():
        return form_page("accounts/login.html", form)
    user = credentials.authenticate(form.email.data, form.password.data, now=clock.utcnow())
    if user is None:
        form.email.errors = [_("The email address or password is not correct.")]
        return form_page("accounts/login.html", form)
    # A new CSRF token for the signed-in session: one seen before sign-in is worth nothing.
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)
    login_user(user, remember=form.remember.data)
    commit()
    if not user.is_verified:
        flash(_("Confirm your email address to submit entries and vote."), "info")
    response = redirect(safe_next(form.next.data))
    known_browsers.remember(response, user.email)
    return response


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        credentials.sign_out(signed_in_user())
        commit()
    logout_user()
    flash(_("You have signed out."), "success")
    return redirect(url_for("contest.home"))


# --- password reset ---------------------------------------------------------------------------


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(limit("RATELIMIT_RESET"), methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return form_page("accounts/forgot_password.html", form)
    credentials.request_password_reset(form.email.data, now=clock.utcnow())
    commit_for_worker()
    session["reset_email"] = form.email.data
    return redirect(url_for("accounts.forgot_password_sent"))


@bp.get("/forgot-password/sent")
def forgot_password_sent():
    return render_template("accounts/forgot_password_sent.html", email=session.get("reset_email"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    now = clock.utcnow()
    try:
        user = credentials.check_reset_token(token, now=now)
    except TokenError as exc:
        return token_problem(exc)
    form = ResetPasswordForm()
    form.account_email = user.email
    if not form.validate_on_submit():
        return form_page("accounts/reset_password.html", form)
    user = credentials.reset_password(token, form.password.data, now=now)
    login_user(user)
    commit()
    flash(_("Your password has been changed and you are signed in."), "success")
    return redirect(url_for("contest.home"))
