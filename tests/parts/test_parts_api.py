"""The parts catalogue: listed for office and field, kept by admins (add, rename, reprice,
retire, restore), each change in the log; a retired part leaves the list, not the records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from server.extensions import db
from server.parts.models import Part
from tests.assertions import assert_error
from tests.factories import make_technician, make_user

Headers = dict[str, str]
SEAL = {"code": "GAS-SEAL", "name": "Gas seal kit", "unit_price": "12.50", "skill": "gas"}


@pytest.fixture
def admin(login: Callable[..., Headers]) -> Headers:
    make_user("admin", "boss")
    return login("boss")


@pytest.fixture
def seal(client: FlaskClient, admin: Headers) -> dict[str, Any]:
    created = client.post("/api/v1/parts", json=SEAL, headers=admin)
    assert created.status_code == 201, created.json
    return dict(created.json)


def _codes(client: FlaskClient, headers: Headers, query: str = "") -> list[str]:
    response = client.get(f"/api/v1/parts{query}", headers=headers)
    assert response.status_code == 200, response.json
    return [p["code"] for p in response.json]


def test_added_part_is_listed_to_the_field(
    client: FlaskClient, login: Callable[..., Headers], seal: dict[str, Any]
) -> None:
    assert (seal["unit_price"], seal["currency"], seal["active"]) == ("12.50", "CNY", True)
    make_technician("fitter")
    assert _codes(client, login("fitter")) == ["GAS-SEAL"]


def test_admin_reprices_and_renames_and_the_log_keeps_only_changes(
    client: FlaskClient, admin: Headers, seal: dict[str, Any]
) -> None:
    body = {"name": "Gas seal kit DN25", "unit_price": "14", "skill": "gas"}
    response = client.patch(f"/api/v1/parts/{seal['id']}", json=body, headers=admin)
    assert response.status_code == 200, response.json
    assert (response.json["name"], response.json["unit_price"]) == ("Gas seal kit DN25", "14.00")
    log = client.get(f"/api/v1/audit?entity_type=part&entity_id={seal['id']}", headers=admin)
    assert log.json[0]["changes"] == {
        "name": ["Gas seal kit", "Gas seal kit DN25"],
        "unit_price": ["12.50", "14.00"],
    }


def test_retired_part_leaves_the_list_and_comes_back(
    client: FlaskClient, login: Callable[..., Headers], admin: Headers, seal: dict[str, Any]
) -> None:
    url = f"/api/v1/parts/{seal['id']}"
    assert client.patch(url, json={"active": False}, headers=admin).json["active"] is False
    make_technician("fitter")
    assert _codes(client, login("fitter")) == []
    assert _codes(client, admin, "?include_retired=true") == ["GAS-SEAL"]
    assert client.patch(url, json={"active": True}, headers=admin).status_code == 200
    assert _codes(client, login("fitter")) == ["GAS-SEAL"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"unit_price": "-1"}, "unit_price"),
        ({"unit_price": "cheap"}, "unit_price"),
        ({"unit_price": "18.555"}, "unit_price"),  # refused, not rounded
        ({"name": ""}, "name"),
        ({"skill": "plumbing"}, "skill"),
        ({"code": "NEW-CODE"}, "code"),  # parts already used are named by their code
        ({"serial_tracked": True}, "serial_tracked"),
    ],
)
def test_bad_change_is_refused_and_nothing_is_written(
    client: FlaskClient, admin: Headers, seal: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    response = client.patch(f"/api/v1/parts/{seal['id']}", json=body, headers=admin)
    assert_error(response, 422, "validation_error", field)
    db.session.expire_all()
    kept = db.session.get_one(Part, seal["id"])
    assert (kept.code, kept.name, str(kept.unit_price), kept.skill) == (
        "GAS-SEAL",
        "Gas seal kit",
        "12.50",
        "gas",
    )


def test_a_code_is_taken_once(client: FlaskClient, admin: Headers, seal: dict[str, Any]) -> None:
    again = client.post("/api/v1/parts", json={**SEAL, "name": "Another"}, headers=admin)
    error = assert_error(again, 409, "part_code_taken", "code")
    assert error["details"]["code"] == ["GAS-SEAL is another part's code."]


@pytest.mark.parametrize("code", ["GAS SEAL/2", "gas-seal", "-GAS", "GAS--SEAL", ""])
def test_a_code_is_capitals_digits_and_dashes(
    client: FlaskClient, admin: Headers, code: str
) -> None:
    response = client.post("/api/v1/parts", json={**SEAL, "code": code}, headers=admin)
    assert_error(response, 422, "validation_error", "code")


def test_unknown_part(client: FlaskClient, admin: Headers) -> None:
    assert_error(
        client.patch("/api/v1/parts/999", json={"name": "X"}, headers=admin), 404, "not_found"
    )


def test_only_admins_keep_the_catalogue(
    client: FlaskClient, login: Callable[..., Headers], seal: dict[str, Any]
) -> None:
    make_user("dispatcher", "disp")
    make_technician("fitter")
    for who in ("disp", "fitter"):
        headers = login(who)
        patched = client.patch(f"/api/v1/parts/{seal['id']}", json={"name": "X"}, headers=headers)
        assert_error(patched, 403, "forbidden")
        assert_error(client.post("/api/v1/parts", json=SEAL, headers=headers), 403, "forbidden")
