"""The service-desk API: callback outcomes, SMS, late closes, complaints, permissions."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.orders.models import WorkOrder
from server.policy.seed import ensure_defaults
from server.technicians.models import Technician
from tests.assertions import assert_error
from tests.factories import make_customer, make_technician, make_user
from tests.finance.helpers import completed_order
from tests.finance.test_reconciliation import local

Login = Callable[..., dict[str, str]]


@pytest.fixture
def tech(app: Flask) -> Technician:
    ensure_defaults()
    make_user("agent", "agent")
    return make_technician("t1")


@pytest.fixture
def done(tech: Technician) -> WorkOrder:
    return completed_order(tech, datetime.now(UTC))


def test_queue_and_satisfied_closes(client: FlaskClient, login: Login, done: WorkOrder) -> None:
    headers = login("agent")
    queue = client.get("/api/v1/desk/callbacks", headers=headers).json["items"]
    assert [q["order_id"] for q in queue] == [done.id]
    response = client.post(
        "/api/v1/desk/callbacks",
        json={"order_id": done.id, "outcome": "satisfied", "score": 4},
        headers=headers,
    )
    assert response.status_code == 201, response.json
    assert response.json["on_time"] is True
    order = client.get(f"/api/v1/orders/{done.id}", headers=headers).json
    assert order["status"] == "closed"
    assert (order["events"][-1]["to"], order["events"][-1]["actor"]) == ("closed", "agent")
    assert client.get("/api/v1/desk/callbacks", headers=headers).json["items"] == []
    again = client.post(
        "/api/v1/desk/callbacks",
        json={"order_id": done.id, "outcome": "satisfied", "score": 4},
        headers=headers,
    )
    assert_error(again, 409, "not_awaiting_callback")


def test_not_satisfied_reopens(client: FlaskClient, login: Login, done: WorkOrder) -> None:
    headers = login("agent")
    response = client.post(
        "/api/v1/desk/callbacks",
        json={"order_id": done.id, "outcome": "not_satisfied", "score": 1, "notes": "Still leaks"},
        headers=headers,
    )
    assert response.status_code == 201
    order = client.get(f"/api/v1/orders/{done.id}", headers=headers).json
    assert order["status"] == "ready"
    event = order["events"][-1]
    assert (event["from"], event["to"]) == ("completed", "ready")
    assert "Still leaks" in event["notes"]


def test_unreachable_records_sms(client: FlaskClient, login: Login, done: WorkOrder) -> None:
    headers = login("agent")
    response = client.post(
        "/api/v1/desk/callbacks",
        json={"order_id": done.id, "outcome": "unreachable"},
        headers=headers,
    )
    assert response.status_code == 201
    [sms] = client.get("/api/v1/desk/sms", headers=headers).json["items"]
    assert sms["order_id"] == done.id
    assert sms["phone"] == done.customer.phone
    assert (sms["notifier"], sms["status"]) == ("recording", "recorded")
    assert done.number in sms["body"]
    [item] = client.get("/api/v1/desk/callbacks", headers=headers).json["items"]
    assert [a["outcome"] for a in item["attempts"]] == ["unreachable"]


@pytest.fixture
def gateway() -> Iterator[list[dict[str, Any]]]:
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    received.append({"url": f"http://127.0.0.1:{server.server_port}/sms"})
    yield received
    server.shutdown()
    server.server_close()


def test_http_gateway_sends(
    app: Flask, client: FlaskClient, login: Login, done: WorkOrder, gateway: list[dict[str, Any]]
) -> None:
    app.config["SMS_GATEWAY_URL"] = gateway.pop(0)["url"]
    headers = login("agent")
    client.post(
        "/api/v1/desk/callbacks",
        json={"order_id": done.id, "outcome": "unreachable"},
        headers=headers,
    )
    assert gateway == [{"to": done.customer.phone, "text": gateway[0]["text"]}]
    [sms] = client.get("/api/v1/desk/sms", headers=headers).json["items"]
    assert (sms["notifier"], sms["status"]) == ("http", "sent")


def test_callback_needs_score_when_reached(
    client: FlaskClient, login: Login, done: WorkOrder
) -> None:
    headers = login("agent")
    response = client.post(
        "/api/v1/desk/callbacks",
        json={"order_id": done.id, "outcome": "satisfied"},
        headers=headers,
    )
    assert_error(response, 422, "validation_error", "score")
    response = client.post(
        "/api/v1/desk/callbacks",
        json={"order_id": done.id, "outcome": "satisfied", "score": 6},
        headers=headers,
    )
    assert_error(response, 422, "validation_error", "score")


def test_late_closes_per_technician(client: FlaskClient, login: Login, tech: Technician) -> None:
    completed_order(tech, local("2026-10-09", "10:00"))  # Friday, still open: late
    completed_order(tech, local("2026-10-30", "10:00"))
    make_user("dispatcher", "disp")
    body = client.get("/api/v1/desk/late-closes?month=2026-10", headers=login("disp")).json
    assert len(body["items"]) == 2
    assert body["per_technician"] == [
        {"technician_id": tech.id, "technician_name": tech.name, "count": 2}
    ]
    none = client.get("/api/v1/desk/late-closes?month=2026-09", headers=login("disp")).json
    assert none["items"] == []
    assert_error(
        client.get("/api/v1/desk/late-closes?month=2026-13", headers=login("disp")),
        422,
        "validation_error",
        "month",
    )


def _complain(client: FlaskClient, headers: dict[str, str], **body: Any) -> Any:
    return client.post("/api/v1/desk/complaints", json=body, headers=headers)


def test_complaint_life(client: FlaskClient, login: Login, tech: Technician) -> None:
    headers = login("agent")
    customer = make_customer()
    created = _complain(
        client,
        headers,
        channel="phone",
        customer_id=customer.id,
        summary="Water cut for two days",
        households_affected=6,
        received_at="2026-09-30T02:00:00Z",
    )
    assert created.status_code == 201, created.json
    complaint = created.json
    assert complaint["tier"] == "important"
    assert complaint["first_contact_due"] == "2026-09-30T05:00:00+00:00"
    # 7 working days from Wed 30 Sept: 8, 9, 10 (make-up Sat), 12, 13, 14, 15 October
    assert complaint["resolution_due"] == "2026-10-15T02:00:00+00:00"
    url = f"/api/v1/desk/complaints/{complaint['id']}"
    contact = client.post(url + "/first-contact", json={"notes": "Called back"}, headers=headers)
    assert contact.json["owner"] == "agent"
    incomplete = client.post(
        url + "/close", json={"cause": "Valve", "reply": "Sorry"}, headers=headers
    )
    error = assert_error(incomplete, 422, "validation_error")
    assert set(error["details"]) == {"course", "responsible_party", "conclusion", "countermeasures"}
    record = {
        "cause": "Valve failed",
        "course": "Reported, isolated, repaired",
        "responsible_party": "Network maintenance",
        "conclusion": "Justified",
        "countermeasures": "Valve replacement programme",
        "reply": "Apologised and explained",
    }
    closed = client.post(url + "/close", json=record, headers=headers)
    assert closed.status_code == 200
    assert closed.json["status"] == "closed"
    assert client.get(url, headers=headers).json["conclusion"] == "Justified"
    assert_error(client.post(url + "/close", json=record, headers=headers), 409, "complaint_closed")


def test_repeat_through_another_channel_escalates(
    client: FlaskClient, login: Login, tech: Technician
) -> None:
    headers = login("agent")
    customer = make_customer()
    first = _complain(client, headers, channel="phone", customer_id=customer.id, summary="a").json
    same = _complain(client, headers, channel="phone", customer_id=customer.id, summary="b").json
    assert same["escalated"] is False
    other = _complain(client, headers, channel="web", customer_id=customer.id, summary="c").json
    assert other["escalated"] is True
    assert other["repeat_of_id"] == first["id"]
    again = client.get(f"/api/v1/desk/complaints/{first['id']}", headers=headers).json
    assert again["escalated"] is True


def test_complaint_bad_links(client: FlaskClient, login: Login, done: WorkOrder) -> None:
    headers = login("agent")
    stranger = make_customer()
    response = _complain(
        client, headers, channel="visit", customer_id=stranger.id, order_id=done.id, summary="x"
    )
    error = assert_error(response, 422, "validation_error", "order_id")
    assert error["details"]["order_id"] == [f"{done.number} is another customer's order."]
    response = _complain(
        client,
        headers,
        channel="visit",
        customer_id=stranger.id,
        order_id=done.id + 999,
        summary="x",
    )
    error = assert_error(response, 422, "validation_error", "order_id")
    assert error["details"]["order_id"] == ["Unknown order."]
    response = _complain(client, headers, channel="fax", customer_id=stranger.id, summary="x")
    assert_error(response, 422, "validation_error", "channel")
    response = _complain(
        client,
        headers,
        channel="visit",
        customer_id=stranger.id,
        summary="x",
        compensation="4999.999",
    )
    assert_error(response, 422, "validation_error", "compensation")  # not rounded to a tier edge


@pytest.mark.parametrize("role", ["technician", "finance", "dispatcher"])
def test_desk_is_for_agents(client: FlaskClient, login: Login, tech: Technician, role: str) -> None:
    if role != "technician":
        make_user(role, role)
    headers = login("t1" if role == "technician" else role)
    assert_error(client.get("/api/v1/desk/callbacks", headers=headers), 403, "forbidden")
    assert_error(client.get("/api/v1/desk/complaints", headers=headers), 403, "forbidden")
