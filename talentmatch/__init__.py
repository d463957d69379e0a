"""TalentMatch: matching international graduates with jobs, programmes and communities."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask_login import current_user

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: config class, then instance/config.py, then `config` on top."""
    from config import config_class

    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    overrides = dict(config or {})
    settings = config_class(overrides.pop("TALENTMATCH_CONFIG", None))
    app.config.from_object(settings)
    app.config.update(settings.init_app(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from talentmatch.request_input import TalentMatchRequest
    from talentmatch.url_converters import DatabaseIdConverter

    app.request_class = TalentMatchRequest  # control characters out, JSON bounded

    app.url_map.converters["int"] = DatabaseIdConverter  # before any route uses it
    from talentmatch import request_log

    request_log.init_app(app)  # first: its id is on every other hook's log lines
    _init_extensions(app)
    _register_blueprints(app)

    from talentmatch.errors import register_error_handlers

    register_error_handlers(app)

    from talentmatch.http_security import init_http_security

    init_http_security(app)

    from talentmatch.cli import register_commands

    register_commands(app)
    _register_template_helpers(app)
    return app


def _select_locale() -> str | None:
    from flask import current_app, has_request_context

    if not has_request_context():
        return None  # commands and service tests: the default locale
    supported = current_app.config["SUPPORTED_LOCALES"]
    # A signed-in user's own choice, then a visitor's cookie, then what the browser asks for.
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    if chosen in supported:
        return chosen
    return request.accept_languages.best_match(supported)


def _init_extensions(app: Flask) -> None:
    from talentmatch import models  # noqa: F401  (registers the tables)
    from talentmatch.engine import matching_engine
    from talentmatch.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    from talentmatch import formats

    formats.init_app(app)
    from talentmatch import limits

    limits.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    from talentmatch.jobs.queues import job_queue

    job_queue.init_app(app)
    matching_engine.init_app(app)
    from talentmatch import mail_delivery

    mail_delivery.init_app(app)

    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please log in to see this page.")

    from talentmatch.auth import sessions as sign_in

    # A session counts only while its sign-in lives on the server (logout, timeouts, version).
    login_manager.user_loader(sign_in.load_user)
    sign_in.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from talentmatch.admin import (
        model,  # noqa: F401  (its routes are on the admin blueprint)
        opportunities,  # noqa: F401  (its routes are on the admin blueprint)
        staff,  # noqa: F401  (its routes are on the admin blueprint)
        staying,  # noqa: F401  (its routes are on the admin blueprint)
    )
    from talentmatch.admin.views import bp as admin_bp
    from talentmatch.analytics.views import bp as analytics_bp
    from talentmatch.api.views import bp as api_bp
    from talentmatch.applications.views import bp as applications_bp
    from talentmatch.auth import (
        account,  # noqa: F401  (its routes are on the auth blueprint)
        recovery,  # noqa: F401  (its routes are on the auth blueprint)
        staff_invitations,  # noqa: F401  (its routes are on the auth blueprint)
    )
    from talentmatch.auth.views import bp as auth_bp
    from talentmatch.career_services.views import bp as career_services_bp
    from talentmatch.catalogue import saved_searches  # noqa: F401  (routes on the catalogue)
    from talentmatch.catalogue.views import bp as catalogue_bp
    from talentmatch.cohorts.views import bp as cohorts_bp
    from talentmatch.communities.views import bp as communities_bp
    from talentmatch.employers import applicants  # noqa: F401  (its routes are on employers)
    from talentmatch.employers.views import bp as employers_bp
    from talentmatch.events.views import bp as events_bp
    from talentmatch.graduates import (
        courses,  # noqa: F401  (its routes are on the graduates blueprint)
        doors,  # noqa: F401  (its routes are on the graduates blueprint)
    )
    from talentmatch.graduates.views import bp as graduates_bp
    from talentmatch.main.views import bp as main_bp
    from talentmatch.messages.views import bp as messages_bp
    from talentmatch.notifications.views import bp as notifications_bp
    from talentmatch.outcomes.views import bp as outcomes_bp
    from talentmatch.privacy.views import bp as privacy_bp
    from talentmatch.staying.views import bp as staying_bp
    from talentmatch.tour.views import bp as tour_bp

    for blueprint in (
        main_bp,
        auth_bp,
        graduates_bp,
        employers_bp,
        career_services_bp,
        cohorts_bp,
        analytics_bp,
        catalogue_bp,
        communities_bp,
        events_bp,
        admin_bp,
        api_bp,
        privacy_bp,
        tour_bp,
        applications_bp,
        messages_bp,
        notifications_bp,
        outcomes_bp,
        staying_bp,
    ):
        app.register_blueprint(blueprint)


def _register_template_helpers(app: Flask) -> None:
    from babel import Locale
    from flask_babel import get_locale

    from talentmatch import content_language, explanations
    from talentmatch.form_errors import field_errors
    from talentmatch.models import enums
    from talentmatch.services.eligibility import value_labels

    app.jinja_env.globals["eligibility_values"] = value_labels  # also inside imported macros

    app.jinja_env.globals["get_locale"] = get_locale
    # Each interface language named in itself, as the switcher offers it.
    app.jinja_env.globals["interface_languages"] = [
        (code, str(Locale.parse(code).get_display_name(code)).capitalize())
        for code in app.config["SUPPORTED_LOCALES"]
    ]
    # Skills and opportunities named in the reader's language (why_lines among them).
    app.jinja_env.globals.update(content_language.template_globals())
    app.jinja_env.globals.update(
        fit_label_text=explanations.fit_label,
        eligibility_text_of=explanations.eligibility_text,
        field_errors=field_errors,
    )

    @app.context_processor
    def inject_vocabulary() -> dict[str, Any]:
        return {"Role": enums.Role, "OpportunityKind": enums.OpportunityKind}
