"""Every signed-in page learns the business time zone from /api/v1/auth/settings."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import make_user


@pytest.mark.parametrize("role", ["admin", "dispatcher", "technician", "agent", "finance"])
def test_every_role_gets_the_time_zone(
    app: Flask, client: FlaskClient, login: Any, role: str
) -> None:
    app.config["TIMEZONE"] = "Europe/Berlin"
    make_user(role, "someone")
    response = client.get("/api/v1/auth/settings", headers=login("someone"))
    assert response.status_code == 200
    assert response.json == {"timezone": "Europe/Berlin"}


def test_anonymous_callers_are_refused(client: FlaskClient) -> None:
    response = client.get("/api/v1/auth/settings")
    assert response.status_code == 401
