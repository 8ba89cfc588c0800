"""Test set-up: a fresh database per test, on SQLite always and on PostgreSQL when reachable."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

import routing
from server import create_app
from server.config import TestConfig, normalise_db_url
from server.extensions import db

PG_URL = normalise_db_url(
    os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
)


def _postgres_reachable() -> bool:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 2})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except OperationalError:
        return False


POSTGRES = _postgres_reachable()


@pytest.fixture(scope="session", autouse=True)
def _search_kernel_compiled() -> None:
    """Compile the route search kernel once, so no timed solve pays for compiling it."""
    routing.warm_up()


BACKENDS = ["sqlite", "postgresql"] if POSTGRES else ["sqlite"]


def pytest_report_header() -> str:
    return f"database backends: {', '.join(BACKENDS)} ({PG_URL if POSTGRES else 'no PostgreSQL'})"


@pytest.fixture
def _push_request_context() -> None:
    """pytest-flask keeps one request context open for the whole test: don't (house style)."""


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def postgres_only(backend: str) -> None:
    """For race tests: they need PostgreSQL's row locks (SQLite locks the whole file)."""
    if backend != "postgresql":
        pytest.skip("races need PostgreSQL's row locks; SQLite locks the whole file")


@pytest.fixture
def db_settings(backend: str, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Database settings for one test: a SQLite file or a PostgreSQL schema of its own."""
    if backend == "sqlite":
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}"}
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield {
        "SQLALCHEMY_DATABASE_URI": PG_URL,
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}},
        "TEST_SCHEMA": schema,
    }
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def app(db_settings: dict[str, Any]) -> Iterator[Flask]:
    settings = {k: v for k, v in vars(TestConfig).items() if k.isupper()}
    settings.update(db_settings)
    app = create_app(settings)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def login(client: FlaskClient) -> Callable[..., dict[str, str]]:
    """Log in through the API and return the Authorization header."""

    def _login(username: str, password: str = "password123") -> dict[str, str]:
        response = client.post(
            "/api/v1/auth/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.json
        return {"Authorization": f"Bearer {response.json['token']}"}

    return _login
