"""The application factory: configuration, extensions, blueprints, error pages, CLI."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, g, request
from flask_babel import get_locale

from awards.access.gate import may
from awards.access.rules import Action
from awards.accounts.blocked_domain_views import bp as blocked_domains_bp
from awards.accounts.loader import load_user
from awards.accounts.views import bp as accounts_bp
from awards.audit.views import bp as audit_bp
from awards.bidi import bdi, isolate_addresses
from awards.cli import register_cli
from awards.config import load_config
from awards.contest.views import bp as contest_bp
from awards.converters import install_converters
from awards.error_pages import register_error_handlers
from awards.extensions import babel, csrf, db, limiter, login_manager, mail, migrate
from awards.health import bp as health_bp
from awards.hosts import install_front
from awards.i18n import bp as i18n_bp
from awards.i18n import select_locale, select_timezone, text_direction
from awards.outbox.views import bp as outbox_bp
from awards.paths import ROOT
from awards.results.api_views import bp as api_bp
from awards.results.ceremony_views import bp as ceremony_bp
from awards.results.certificate_views import bp as certificates_bp
from awards.results.organiser_views import bp as results_admin_bp
from awards.results.public_views import bp as results_bp
from awards.review.expert_views import bp as reviewing_bp
from awards.review.nomination_views import bp as nomination_bp
from awards.review.organiser_views import bp as jury_admin_bp
from awards.review.ranking_views import bp as rankings_bp
from awards.review.selection_views import bp as selection_bp
from awards.screening.views import bp as screening_bp
from awards.security import install_security_headers
from awards.sqlite import enable_sqlite_foreign_keys
from awards.submissions.views import bp as submissions_bp
from awards.transaction import release
from awards.voting.admin_views import bp as voting_admin_bp
from awards.voting.public_views import bp as voting_bp


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, errors, CLI."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    env = dict(os.environ)
    if test_config is not None:
        env.setdefault("AWARDS_ENV", "testing")
        if "SECRET_KEY" in test_config:
            env["SECRET_KEY"] = str(test_config["SECRET_KEY"])
    app.config.from_mapping(load_config(env, Path(app.instance_path)))
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "awards" / "translations")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    logging.basicConfig(level=logging.INFO)

    _init_extensions(app)
    install_converters(app)
    _register_blueprints(app)
    _register_template_helpers(app)

    register_error_handlers(app)
    install_security_headers(app)
    install_front(app)

    register_cli(app)
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    # Runs before Flask-SQLAlchemy's own teardown (teardowns run last registered first).
    app.teardown_appcontext(release)
    migrate.init_app(
        app, db, directory=str(ROOT / "migrations"), compare_type=True, render_as_batch=True
    )
    csrf.init_app(app)
    mail.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    with app.app_context():
        enable_sqlite_foreign_keys(db.engine)

    login_manager.user_loader(load_user)


def _register_blueprints(app: Flask) -> None:
    for blueprint in (
        contest_bp,
        accounts_bp,
        audit_bp,
        outbox_bp,
        health_bp,
        i18n_bp,
        submissions_bp,
        screening_bp,
        blocked_domains_bp,
        jury_admin_bp,
        nomination_bp,
        selection_bp,
        ceremony_bp,
        rankings_bp,
        reviewing_bp,
        certificates_bp,
        api_bp,
        results_bp,
        results_admin_bp,
        voting_admin_bp,
        voting_bp,
    ):
        app.register_blueprint(blueprint)
    csrf.exempt(health_bp)
    csrf.exempt(api_bp)


def _register_template_helpers(app: Flask) -> None:
    app.add_template_filter(bdi)
    app.add_template_filter(isolate_addresses)

    @app.context_processor
    def inject() -> dict[str, Any]:
        locale = str(get_locale() or "en")
        return {
            "current_locale": locale,
            "text_direction": text_direction(locale),
            "languages": app.config["LANGUAGES"],
            # The "Organise" link: an organiser of any one edition has a console to open.
            "may_organise": may(Action.ORGANISE_SOME),
        }

    @app.before_request
    def remember_path() -> None:
        g.request_path = request.full_path
