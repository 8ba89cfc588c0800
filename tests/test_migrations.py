"""The migrations build exactly the schema the models declare, on every backend."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect

from server import create_app
from server.config import TestConfig
from server.extensions import db


def test_upgrade_matches_models(db_settings: dict[str, Any]) -> None:
    settings = {k: v for k, v in vars(TestConfig).items() if k.isupper()}
    settings.update(db_settings)
    app = create_app(settings)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"render_as_batch": True})
            differences = compare_metadata(context, db.metadata)
            tables = set(inspect(connection).get_table_names())
        db.engine.dispose()
    assert differences == []
    assert {"work_orders", "users", "deadline_rules", "alembic_version"} <= tables
