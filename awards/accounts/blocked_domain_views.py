"""The organisers' list of e-mail domains refused at sign-up: check, add, remove.

Organisers of every edition only (``Action.ORGANISE`` on the platform as a whole), like the
audit trail and the outbox: the list applies to every edition.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from awards import clock
from awards.access.gate import requires
from awards.access.rules import Action
from awards.accounts import blocked_domains
from awards.accounts.disposable import PACKAGE_DOMAINS, display_domain
from awards.accounts.forms import BlockedDomainForm, DomainCheckForm
from awards.accounts.view_helpers import form_page, rejected, signed_in_user
from awards.errors import RuleViolation
from awards.transaction import commit

bp = Blueprint("blocked_domains", __name__, url_prefix="/organise/blocked-domains")


def _page(form: BlockedDomainForm) -> tuple[str, int]:
    check_form = DomainCheckForm(request.args)
    checked = None
    if request.method == "GET" and check_form.check.data and check_form.validate():
        checked = blocked_domains.check_domain(check_form.check.data)
        if checked is None:
            check_form.check.errors = [_("Enter a domain name, like mail.example.org.")]
    return form_page(
        "accounts/blocked_domains.html",
        form,
        check_form=check_form,
        checked=checked,
        domains=blocked_domains.blocked_domains(),
        package_count=len(PACKAGE_DOMAINS),
        display_domain=display_domain,
        action_form=FlaskForm(),
    )


@bp.route("/", methods=["GET", "POST"])
@requires(Action.ORGANISE)
def index() -> ResponseReturnValue:
    form = BlockedDomainForm()
    if not form.validate_on_submit():
        return _page(form)
    try:
        row = blocked_domains.block_domain(
            form.domain.data, form.reason.data, actor=signed_in_user(), now=clock.utcnow()
        )
    except RuleViolation as exc:
        rejected(exc, form)
        return _page(form)
    commit()
    flash(
        _("Addresses at %(domain)s are now refused.", domain=display_domain(row.domain)),
        "success",
    )
    return redirect(url_for("blocked_domains.index"), 303)


@bp.post("/<int:domain_id>/remove")
@requires(Action.ORGANISE)
def remove(domain_id: int) -> ResponseReturnValue:
    row = blocked_domains.find_blocked(domain_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    domain = blocked_domains.unblock_domain(row, actor=signed_in_user())
    commit()
    flash(
        _("%(domain)s is no longer on this list.", domain=display_domain(domain)),
        "success",
    )
    return redirect(url_for("blocked_domains.index"), 303)
