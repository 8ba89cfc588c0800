"""The Flask application: ``create_app`` wires config, extensions, blueprints, errors, CLI."""

from __future__ import annotations

import logging
import secrets
from datetime import date
from typing import Any

from flask import Flask
from werkzeug.routing import BaseConverter, ValidationError

from server.config import ROOT, Config, normalise_db_url
from server.errors import register_error_handlers
from server.extensions import api, db, migrate

log = logging.getLogger(__name__)


class IsoDateConverter(BaseConverter):
    """``<isodate:day>`` in URLs: a ``YYYY-MM-DD`` date."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError as exc:  # 2026-13-01: no such day, so no such resource
            raise ValidationError from exc

    def to_url(self, value: date) -> str:
        return value.isoformat()


def _configure(app: Flask, config: type[Config] | dict[str, Any] | None) -> None:
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_db_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config["SECRET_KEY"]:
        log.warning("SECRET_KEY is not set: using a random one (sessions end on restart)")
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.config["API_SPEC_OPTIONS"] = {
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearerAuth": []}],
    }


def _import_models() -> None:
    """Areas without routes yet still need their tables known to migrations and create_all."""
    import server.fieldwork.models
    import server.finance.models
    import server.sync.models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from server.accounts.routes import blp as accounts
    from server.audit.routes import blp as audit
    from server.customers.routes import blp as customers
    from server.dispatch.routes import blp as dispatch
    from server.fieldwork.routes import blp as blobs
    from server.finance.routes import blp as finance
    from server.orders.routes import blp as orders
    from server.parts.routes import blp as parts
    from server.policy.routes import blp as policy
    from server.reports.routes import blp as reports
    from server.servicedesk.routes import blp as desk
    from server.sync.routes import blp as sync
    from server.techapp import bp as techapp
    from server.technicians.routes import blp as technicians
    from server.web import bp as web

    for blueprint in (accounts, customers, technicians, parts, orders, policy, audit, dispatch):
        api.register_blueprint(blueprint)
    for blueprint in (finance, desk, reports):
        api.register_blueprint(blueprint)
    for blueprint in (sync, blobs):
        api.register_blueprint(blueprint)
    app.register_blueprint(techapp)
    app.register_blueprint(web)


def create_app(config: type[Config] | dict[str, Any] | None = None) -> Flask:
    """Build the application; ``config`` overrides the environment-driven ``Config``."""
    app = Flask(__name__, static_folder=str(ROOT / "pwa"), static_url_path="/static")
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep fields in schema order
    _configure(app, config)
    app.url_map.converters["isodate"] = IsoDateConverter
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "server" / "migrations"), render_as_batch=True)
    api.init_app(app)
    api.register_converter(IsoDateConverter, lambda _c: {"type": "string", "format": "date"})
    register_error_handlers(app)
    _import_models()
    _register_blueprints(app)
    from server.dispatch.emergency import connect_emergency_replan
    from server.dispatch.roster import connect_roster

    connect_emergency_replan(app)
    connect_roster(app)
    from server.cli import register_cli

    register_cli(app)
    return app
