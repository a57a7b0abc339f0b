"""Register, verify, sign in and out, reset and change credentials, jury invitations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from awards.access.gate import requires
from awards.access.rules import Action
from awards.accounts import services
from awards.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    InvitationAccountForm,
    JuryInvitationForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from awards.accounts.models import User
from awards.accounts.rules import email_key
from awards.accounts.tokens import TokenError
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.extensions import db, limiter
from awards.i18n import current_locale, safe_next
from awards.transaction import commit, rollback

bp = Blueprint("accounts", __name__, url_prefix="/account")

DEFAULT_LIMITS = {
    "RATELIMIT_LOGIN": "10 per minute; 50 per hour",
    "RATELIMIT_REGISTER": "5 per minute; 20 per hour",
    "RATELIMIT_RESET": "3 per minute; 10 per hour",
    "RATELIMIT_RESEND": "3 per minute; 10 per hour",
}


def _limit(key: str) -> Callable[[], str]:
    """The limit configured under ``key`` (read per request, so tests can lower it)."""
    return lambda: str(current_app.config.get(key) or DEFAULT_LIMITS[key])


# --- helpers ----------------------------------------------------------------------------------


def _user() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _profile(form: RegisterForm | InvitationAccountForm) -> services.Profile:
    return services.Profile(
        name=form.name.data,
        stakeholder_type=form.stakeholder_type.data,
        country=form.country.data,
        organisation=form.organisation.data,
        locale=current_locale(),
    )


def _form_page(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    """The form's page: 400 when a submitted form was rejected, 200 otherwise."""
    status = 400 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status


def _rejected(exc: RuleViolation, form: FlaskForm) -> None:
    """Roll back, then show a service's refusal on the field it names (or re-raise it)."""
    rollback()
    field = getattr(form, exc.field, None) if exc.field else None
    if field is None:
        raise exc
    field.errors = [*field.errors, exc.message]


def _token_problem(error: TokenError) -> tuple[str, int]:
    """A page saying what is wrong with a link and what to do about it (nothing was changed)."""
    hours = max(1, int(current_app.config["TOKEN_MAX_AGE_SECONDS"]) // 3600)
    page = render_template(
        "accounts/token_problem.html",
        purpose=error.purpose.value,
        reason=error.reason,
        hours=hours,
    )
    return page, 400


def _relogin(user: User) -> None:
    """Keep this browser signed in after the security stamp changed."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    login_user(user, remember=remember)


# --- registration and verification ------------------------------------------------------------


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_REGISTER"), methods=["POST"])
def register():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("contest.home"))
    form = RegisterForm()
    if not form.validate_on_submit():
        return _form_page("accounts/register.html", form)
    try:
        user = services.register(_profile(form), form.email.data, form.password.data)
    except RuleViolation as exc:
        _rejected(exc, form)
        return _form_page("accounts/register.html", form)
    commit()
    session["registered_email"] = user.email
    return redirect(url_for("accounts.check_email"))


@bp.get("/register/check-email")
def check_email():  # type: ignore[no-untyped-def]
    return render_template("accounts/check_email.html", email=session.get("registered_email"))


@bp.get("/verify/<token>")
def verify_email(token: str):  # type: ignore[no-untyped-def]
    try:
        user = services.verify_email(token)
    except TokenError as exc:
        return _token_problem(exc)
    commit()
    return render_template("accounts/verified.html", user=user)


@bp.get("/unverified")
@login_required
def unverified():  # type: ignore[no-untyped-def]
    if current_user.is_verified:
        return redirect(url_for("contest.home"))
    return render_template("accounts/unverified.html")


@bp.post("/unverified/resend")
@login_required
@limiter.limit(_limit("RATELIMIT_RESEND"))
def resend_verification():  # type: ignore[no-untyped-def]
    if current_user.is_verified:
        return redirect(url_for("contest.home"))
    services.send_verification(_user())
    commit()
    flash(_("We sent a new link to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("accounts.unverified"))


# --- signing in and out -----------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_LOGIN"), methods=["POST"])
def login():  # type: ignore[no-untyped-def]
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data))
    if not form.validate_on_submit():
        return _form_page("accounts/login.html", form)
    user = services.authenticate(form.email.data, form.password.data)
    if user is None:
        form.email.errors = [_("The email address or password is not correct.")]
        return _form_page("accounts/login.html", form)
    login_user(user, remember=form.remember.data)
    commit()
    if not user.is_verified:
        flash(_("Confirm your email address to submit entries and vote."), "info")
    return redirect(safe_next(form.next.data))


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    logout_user()
    flash(_("You have signed out."), "success")
    return redirect(url_for("contest.home"))


# --- password reset ---------------------------------------------------------------------------


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_RESET"), methods=["POST"])
def forgot_password():  # type: ignore[no-untyped-def]
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return _form_page("accounts/forgot_password.html", form)
    services.request_password_reset(form.email.data)
    commit()
    session["reset_email"] = form.email.data
    return redirect(url_for("accounts.forgot_password_sent"))


@bp.get("/forgot-password/sent")
def forgot_password_sent():  # type: ignore[no-untyped-def]
    return render_template("accounts/forgot_password_sent.html", email=session.get("reset_email"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):  # type: ignore[no-untyped-def]
    try:
        user = services.check_reset_token(token)
    except TokenError as exc:
        return _token_problem(exc)
    form = ResetPasswordForm()
    form.account_email = user.email
    if not form.validate_on_submit():
        return _form_page("accounts/reset_password.html", form)
    user = services.reset_password(token, form.password.data)
    login_user(user)
    commit()
    flash(_("Your password has been changed and you are signed in."), "success")
    return redirect(url_for("contest.home"))


# --- settings ---------------------------------------------------------------------------------


def _settings_page(status: int = 200, **forms: FlaskForm) -> tuple[str, int]:
    user = _user()
    page = render_template(
        "accounts/settings.html",
        profile_form=forms.get("profile") or ProfileForm(formdata=None, obj=user),
        password_form=forms.get("password") or ChangePasswordForm(formdata=None),
        email_form=forms.get("email") or ChangeEmailForm(formdata=None),
    )
    return page, status


@bp.get("/settings")
@login_required
def settings():  # type: ignore[no-untyped-def]
    return _settings_page()


@bp.post("/settings/profile")
@login_required
def update_profile():  # type: ignore[no-untyped-def]
    form = ProfileForm()
    if not form.validate():
        return _settings_page(400, profile=form)
    services.update_profile(
        _user(),
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
def change_password():  # type: ignore[no-untyped-def]
    form = ChangePasswordForm()
    form.account_email = current_user.email
    if not form.validate():
        return _settings_page(400, password=form)
    try:
        services.change_password(_user(), form.current_password.data, form.new_password.data)
    except RuleViolation as exc:
        _rejected(exc, form)
        return _settings_page(400, password=form)
    _relogin(_user())
    commit()
    flash(_("Your password has been changed. Other devices have been signed out."), "success")
    return redirect(url_for("accounts.settings"))


@bp.post("/settings/email")
@login_required
def change_email():  # type: ignore[no-untyped-def]
    form = ChangeEmailForm()
    if not form.validate():
        return _settings_page(400, email=form)
    try:
        services.request_email_change(_user(), form.email_password.data, form.new_email.data)
    except RuleViolation as exc:
        _rejected(exc, form)
        return _settings_page(400, email=form)
    commit()
    flash(
        _(
            "We sent a link to %(email)s. Your address changes when you follow it.",
            email=form.new_email.data,
        ),
        "success",
    )
    return redirect(url_for("accounts.settings"))


@bp.route("/confirm-email/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):  # type: ignore[no-untyped-def]
    try:
        if request.method == "GET":
            user, new_email = services.check_email_change_token(token)
            return render_template("accounts/confirm_email.html", new_email=new_email)
        # Read who is signed in before the change bumps the security stamp.
        signed_in_id = current_user.id if current_user.is_authenticated else None
        user = services.confirm_email_change(token)
    except TokenError as exc:
        return _token_problem(exc)
    if signed_in_id == user.id:
        _relogin(user)
    commit()
    flash(_("Your email address is now %(email)s.", email=user.email), "success")
    if signed_in_id == user.id:
        return redirect(url_for("accounts.settings"))
    return redirect(url_for("accounts.login"))


# --- jury invitations -------------------------------------------------------------------------


@bp.route("/organise/editions/<int:edition_id>/jury", methods=["GET", "POST"])
@requires(Action.ORGANISE, edition_arg="edition_id")
def jury(edition_id: int):  # type: ignore[no-untyped-def]
    edition = db.session.get(Edition, edition_id) or abort(404)
    form = JuryInvitationForm(data={"locale": current_locale()})
    context = {"edition": edition, "members": services.jury_members(edition.id)}
    if not form.validate_on_submit():
        return _form_page("accounts/jury.html", form, **context)
    try:
        services.invite_jury(edition, form.name.data, form.email.data, _user(), form.locale.data)
    except RuleViolation as exc:
        _rejected(exc, form)
        return _form_page("accounts/jury.html", form, **context)
    commit()
    flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
    return redirect(url_for("accounts.jury", edition_id=edition.id))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):  # type: ignore[no-untyped-def]
    try:
        invitation = services.read_invitation(token)
    except TokenError as exc:
        return _token_problem(exc)
    if current_user.is_authenticated:
        return _accept_as_signed_in(invitation)
    if invitation.account is not None:
        return render_template("accounts/invitation_sign_in.html", invitation=invitation)
    return _accept_with_new_account(invitation)


def _accept_as_signed_in(invitation: services.Invitation):  # type: ignore[no-untyped-def]
    matches = current_user.email_key == email_key(invitation.email)
    if request.method == "GET" or not matches:
        page = render_template("accounts/invitation.html", invitation=invitation, matches=matches)
        return page, 200 if matches else 403
    services.accept_invitation(invitation, _user())
    commit()
    flash(_("You are now a jury member of %(edition)s.", edition=invitation.edition.title))
    return redirect(url_for("contest.home"))


def _accept_with_new_account(invitation: services.Invitation):  # type: ignore[no-untyped-def]
    form = InvitationAccountForm(data={"name": invitation.name})
    form.account_email = invitation.email
    if not form.validate_on_submit():
        return _form_page("accounts/invitation_register.html", form, invitation=invitation)
    try:
        user = services.accept_invitation_with_new_account(
            invitation, _profile(form), form.password.data
        )
    except RuleViolation as exc:
        _rejected(exc, form)
        return _form_page("accounts/invitation_register.html", form, invitation=invitation)
    login_user(user)
    commit()
    flash(_("Welcome. You are now a jury member of %(edition)s.", edition=invitation.edition.title))
    return redirect(url_for("contest.home"))
