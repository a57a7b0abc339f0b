"""Forms of the account pages: the shape of the input and its messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import EqualTo, InputRequired, Length, Optional, ValidationError

from awards.accounts.email_address import EMAIL_MAX, EmailAddress
from awards.accounts.registration import PASSWORD_MESSAGES
from awards.accounts.rules import PASSWORD_MAX_LENGTH, password_problem
from awards.accounts.zone_labels import zone_labels
from awards.choices import as_choices
from awards.geography import country_names
from awards.stakeholders import STAKEHOLDER_LABELS

NAME_MAX = 120
ORGANISATION_MAX = 200


# --- choices ----------------------------------------------------------------------------------


def country_choices(locale: str | None = None, keep: str | None = None) -> list[tuple[str, str]]:
    """The offered countries under their UN names in ``locale`` (the request's by default).

    ``keep``, the code an account already carries, stays offered even if no longer listed.
    """
    locale = locale or str(get_locale() or "en")
    return [("", str(_l("Choose a country")))] + list(country_names(locale, keep=keep))


def timezone_choices(now: datetime, locale: str | None = None) -> list[tuple[str, str]]:
    """IANA zones named in ``locale`` with their offset at ``now``, west to east.

    The empty choice means "the contest's time zone"; the stored value stays the IANA id.
    """
    locale = locale or str(get_locale() or "en")
    return [("", str(_l("Use the contest's time (Geneva)")))] + list(
        zone_labels(locale, now.replace(minute=0, second=0, microsecond=0))
    )


def stakeholder_choices() -> list[tuple[str, str]]:
    """The WSIS stakeholder types, labelled in the request's language."""
    return [("", str(_l("Choose a stakeholder type")))] + [
        (kind.value, str(label)) for kind, label in STAKEHOLDER_LABELS.items()
    ]


def language_choices() -> list[tuple[str, str]]:
    """The interface languages, each in its own name."""
    return list(current_app.config["LANGUAGES"].items())


# --- validators -------------------------------------------------------------------------------


class NewPassword:
    """Long enough, not too long, not the e-mail address (read from ``email_field``)."""

    def __init__(self, email_field: str | None = None) -> None:
        self.email_field = email_field

    def __call__(self, form: FlaskForm, field: Field) -> None:
        email = ""
        if self.email_field:
            email = getattr(form, self.email_field).data or ""
        elif getattr(form, "account_email", None):
            email = form.account_email
        problem = password_problem(field.data or "", email)
        if problem is not None:
            raise ValidationError(PASSWORD_MESSAGES[problem])


class MaxLength(Length):
    """``Length(max=...)`` without the HTML ``maxlength`` attribute.

    A browser would cut pasted text silently; the server's message says what is wrong instead,
    and the text stays in the field for the person to shorten.
    """

    def __init__(self, max: int, message: Any = None) -> None:
        super().__init__(max=max, message=message)
        self.field_flags: dict[str, Any] = {}


def _name_field() -> StringField:
    return StringField(
        _l("Full name"),
        validators=[
            InputRequired(_l("Enter your full name")),
            MaxLength(max=NAME_MAX, message=_l("Full name must be 120 characters or fewer")),
        ],
    )


def _email_field(label: Any = None) -> EmailField:
    return EmailField(
        label or _l("Email address"),
        validators=[
            InputRequired(_l("Enter your email address")),
            MaxLength(max=EMAIL_MAX, message=_l("Email address must be 254 characters or fewer")),
            EmailAddress(),
        ],
    )


def _organisation_field() -> StringField:
    return StringField(
        _l("Organisation (optional)"),
        validators=[
            Optional(),
            MaxLength(
                max=ORGANISATION_MAX, message=_l("Organisation must be 200 characters or fewer")
            ),
        ],
    )


def _country_field() -> SelectField:
    return SelectField(
        _l("Country"), choices=[], validators=[InputRequired(_l("Choose your country"))]
    )


def _stakeholder_field() -> SelectField:
    return SelectField(
        _l("Stakeholder type"),
        choices=[],
        description=_l("The kind of entity you belong to in the WSIS process."),
        validators=[InputRequired(_l("Choose your stakeholder type"))],
    )


def _password_field(label: Any, email_field: str | None = None) -> PasswordField:
    return PasswordField(
        label,
        description=_l("At least 10 characters. A few unrelated words make a strong password."),
        validators=[InputRequired(_l("Enter a password")), NewPassword(email_field)],
    )


def _confirm_field(label: Any, other: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(_l("Enter the password again")),
            EqualTo(other, message=_l("The passwords do not match")),
        ],
    )


def _current_password_field(label: Any) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(_l("Enter your password")),
            MaxLength(max=PASSWORD_MAX_LENGTH, message=_l("Your password is not correct.")),
        ],
    )


# --- forms ------------------------------------------------------------------------------------


class _AccountDetails(FlaskForm):
    """Fields whose choices depend on the request's language.

    ``keep_country`` is the code the account already carries (offered even if no longer
    listed); ``now`` dates the time zones' offsets (forms with a time zone need it).
    """

    def __init__(
        self,
        *args: Any,
        keep_country: str | None = None,
        now: datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if hasattr(self, "country"):
            self.country.choices = as_choices(country_choices(keep=keep_country))
        if hasattr(self, "stakeholder_type"):
            self.stakeholder_type.choices = as_choices(stakeholder_choices())
        if hasattr(self, "locale"):
            self.locale.choices = as_choices(language_choices())
        if hasattr(self, "timezone"):
            if now is None:
                raise TypeError("a form with a time zone needs now")
            self.timezone.choices = as_choices(timezone_choices(now))


class RegisterForm(_AccountDetails):
    name = _name_field()
    email = _email_field()
    password = _password_field(_l("Password"), email_field="email")
    confirm = _confirm_field(_l("Confirm password"), "password")
    stakeholder_type = _stakeholder_field()
    country = _country_field()
    organisation = _organisation_field()


class InvitationAccountForm(_AccountDetails):
    """Registration for an invited juror: the address comes from the invitation."""

    account_email = ""

    name = _name_field()
    password = _password_field(_l("Password"))
    confirm = _confirm_field(_l("Confirm password"), "password")
    stakeholder_type = _stakeholder_field()
    country = _country_field()
    organisation = _organisation_field()


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Enter your email address")),
            MaxLength(max=EMAIL_MAX, message=_l("Email address must be 254 characters or fewer")),
        ],
    )
    password = _current_password_field(_l("Password"))
    remember = BooleanField(_l("Remember me"))
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(FlaskForm):
    account_email = ""

    password = _password_field(_l("New password"))
    confirm = _confirm_field(_l("Confirm new password"), "password")


class ProfileForm(_AccountDetails):
    name = _name_field()
    organisation = _organisation_field()
    country = _country_field()
    locale = SelectField(_l("Language"), choices=[], validators=[InputRequired()])
    timezone = SelectField(
        _l("Your time zone (optional)"),
        choices=[],
        description=_l("Deadlines are shown in Geneva time and, if you choose one, in yours."),
        validators=[Optional()],
    )


class ChangePasswordForm(FlaskForm):
    account_email = ""

    current_password = _current_password_field(_l("Current password"))
    new_password = _password_field(_l("New password"))
    confirm_new_password = _confirm_field(_l("Confirm new password"), "new_password")


class ChangeEmailForm(FlaskForm):
    new_email = _email_field(_l("New email address"))
    email_password = _current_password_field(_l("Your password"))


class JuryInvitationForm(_AccountDetails):
    name = StringField(
        _l("Full name"),
        validators=[
            InputRequired(_l("Enter the person's full name")),
            MaxLength(max=NAME_MAX, message=_l("Full name must be 120 characters or fewer")),
        ],
    )
    email = _email_field()
    locale = SelectField(_l("Language of the invitation"), choices=[], validators=[InputRequired()])


class BlockedDomainForm(FlaskForm):
    """An organiser refuses a domain at sign-up (checked by ``blocked_domains.block_domain``)."""

    domain = StringField(
        _l("Domain"),
        description=_l("Like mail.example.org. Its subdomains are refused with it."),
        validators=[
            InputRequired(_l("Enter a domain name, like mail.example.org.")),
            MaxLength(max=253, message=_l("A domain name has 253 characters at most.")),
        ],
    )
    reason = StringField(
        _l("Reason"),
        description=_l("Why addresses at this domain are refused, for the other organisers."),
        validators=[
            InputRequired(_l("Say why addresses at this domain are refused.")),
            MaxLength(max=500, message=_l("Reason must be 500 characters or fewer.")),
        ],
    )


class DomainCheckForm(FlaskForm):
    """Is a domain refused? (a GET form: no CSRF token needed)"""

    class Meta:
        csrf = False

    check = StringField(_l("Domain to check"), validators=[Optional(), MaxLength(max=253)])
