"""Creating orders through the API: each kind, numbering, and bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from server.extensions import db
from server.orders.models import WorkOrder
from tests.assertions import assert_error
from tests.factories import make_user, order_payload


@pytest.fixture
def agent_headers(login: Any) -> dict[str, str]:
    make_user("agent", "agent")
    return login("agent")


@pytest.mark.parametrize("kind", ["water_leak", "gas_leak", "gps_install", "gps_repair"])
def test_create_each_kind(client: FlaskClient, agent_headers: dict[str, str], kind: str) -> None:
    response = client.post("/api/v1/orders", json=order_payload(kind), headers=agent_headers)
    assert response.status_code == 201, response.json
    order = response.json
    assert order["kind"] == kind
    assert order["number"].startswith("WO-")
    assert len(order["number"]) == len("WO-202611-0001")
    assert order["status"] == ("new" if kind.startswith("gps") else "ready")
    again = client.get(f"/api/v1/orders/{order['id']}", headers=agent_headers)
    assert again.status_code == 200
    assert again.json["events"][0]["type"] == "created"


def test_water_leak_deadline_follows_diameter(
    client: FlaskClient, agent_headers: dict[str, str]
) -> None:
    body = order_payload("water_leak", pipe_diameter_mm=400, reported_at="2026-11-22T01:00:00Z")
    order = client.post("/api/v1/orders", json=body, headers=agent_headers).json
    assert order["due_at"] == "2026-11-24T01:00:00+00:00"
    assert order["pipe_diameter_mm"] == 400
    assert "leak_grade" not in order


def test_numbers_are_sequential(client: FlaskClient, agent_headers: dict[str, str]) -> None:
    numbers = [
        client.post("/api/v1/orders", json=order_payload(), headers=agent_headers).json["number"]
        for _ in range(3)
    ]
    serials = [int(n.rsplit("-", 1)[1]) for n in numbers]
    assert serials == [serials[0], serials[0] + 1, serials[0] + 2]


BAD_INPUTS = [
    ({"kind": "plumbing"}, "kind"),
    ({"pipe_diameter_mm": None}, "pipe_diameter_mm"),
    ({"pipe_diameter_mm": -5}, "pipe_diameter_mm"),
    ({"pipe_diameter_mm": 99999}, "pipe_diameter_mm"),
    ({"pipe_diameter_mm": "wide"}, "pipe_diameter_mm"),
    ({"site": {"address": "Somewhere 1", "lat": 91, "lon": 120.1}}, "site"),
    ({"leak_grade": 2}, "leak_grade"),
    ({"reported_at": "yesterday"}, "reported_at"),
    ({"reported_at": "2026-11-22T01:00:00"}, "reported_at"),
    ({"surprise": 1}, "surprise"),
]


@pytest.mark.parametrize(("change", "field"), BAD_INPUTS)
def test_bad_input_names_the_field_and_writes_nothing(
    app: Any, client: FlaskClient, agent_headers: dict[str, str], change: dict[str, Any], field: str
) -> None:
    body = order_payload("water_leak")
    body.update(change)
    body = {k: v for k, v in body.items() if not (k == "pipe_diameter_mm" and v is None)}
    response = client.post("/api/v1/orders", json=body, headers=agent_headers)
    assert response.status_code == 422, response.json
    error = response.json["error"]
    assert error["code"] == "validation_error"
    assert field in error["details"], error
    assert db.session.query(WorkOrder).count() == 0


@pytest.mark.parametrize("grade", [0, 4])
def test_gas_grade_outside_range(
    client: FlaskClient, agent_headers: dict[str, str], grade: int
) -> None:
    response = client.post(
        "/api/v1/orders", json=order_payload("gas_leak", leak_grade=grade), headers=agent_headers
    )
    assert response.status_code == 422
    assert "leak_grade" in response.json["error"]["details"]


def test_malformed_json(client: FlaskClient, agent_headers: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/orders",
        data="{not json",
        headers={**agent_headers, "Content-Type": "application/json"},
    )
    assert response.status_code in (400, 422)
    assert response.json["error"]["code"] in ("bad_request", "validation_error")


def test_oversized_body(client: FlaskClient, agent_headers: dict[str, str]) -> None:
    body = order_payload(description="x" * (2 * 1024 * 1024))
    response = client.post("/api/v1/orders", json=body, headers=agent_headers)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"


def test_unknown_api_route_is_json_404(client: FlaskClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_technician_cannot_create(client: FlaskClient, login: Any) -> None:
    from tests.factories import make_technician

    make_technician("techx")
    response = client.post("/api/v1/orders", json=order_payload(), headers=login("techx"))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_a_purchase_to_come_and_a_phone_of_letters_are_refused(
    client: FlaskClient, agent_headers: dict[str, str]
) -> None:
    later = (datetime.now(UTC) + timedelta(days=40)).date().isoformat()
    body = order_payload("gps_repair", purchase_date=later)
    body["customer"]["phone"] = "call the office"
    response = client.post("/api/v1/orders", json=body, headers=agent_headers)
    error = assert_error(response, 422, "validation_error", "purchase_date")
    assert error["details"]["purchase_date"][0].endswith("or earlier.")
    assert error["details"]["customer"] == {"phone": ["Digits, spaces, +, - and brackets only."]}
