"""The console's configuration: tile URL, time zone, default weight, for dispatchers only."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import make_user


def test_no_tile_server_by_default(client: FlaskClient, login: Any) -> None:
    make_user("dispatcher", "disp")
    response = client.get("/api/v1/dispatch/config", headers=login("disp"))
    assert response.status_code == 200
    assert response.json == {
        "tile_url": "",
        "timezone": "Asia/Shanghai",
        "lateness_weight": 1,
        "timeliness_target": 0.98,  # fixtures/policy/service_desk.json
        "leak_kinds": ["gas_leak", "water_leak"],
        "auto_replan": False,  # TestConfig: a test starts its re-plans itself
    }


def test_tile_url_comes_from_configuration(app: Flask, client: FlaskClient, login: Any) -> None:
    app.config["MAP_TILE_URL"] = "https://tiles.example/{z}/{x}/{y}.png"
    make_user("admin", "boss")
    response = client.get("/api/v1/dispatch/config", headers=login("boss"))
    assert response.status_code == 200
    assert response.json["tile_url"] == "https://tiles.example/{z}/{x}/{y}.png"


def test_other_roles_are_refused(client: FlaskClient, login: Any) -> None:
    make_user("agent", "desk")
    response = client.get("/api/v1/dispatch/config", headers=login("desk"))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    anonymous = client.get("/api/v1/dispatch/config")
    assert anonymous.status_code == 401


def test_default_weight_comes_from_configuration(
    app: Flask, client: FlaskClient, login: Any
) -> None:
    app.config["DISPATCH_LATENESS_WEIGHT"] = 0.25
    make_user("dispatcher", "disp")
    response = client.get("/api/v1/dispatch/config", headers=login("disp"))
    assert response.json["lateness_weight"] == 0.25
