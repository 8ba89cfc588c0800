"""The order life cycle: every step, who may take it, events, and the 409 refusals."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from server.extensions import db
from tests.assertions import assert_error
from tests.factories import make_technician, make_user, order_payload

Headers = dict[str, str]


@pytest.fixture
def dispatcher(login: Any) -> Headers:
    make_user("dispatcher", "disp")
    return login("disp")


@pytest.fixture
def agent(login: Any) -> Headers:
    make_user("agent", "agent")
    return login("agent")


@pytest.fixture
def tech(login: Any) -> tuple[int, Headers]:
    technician = make_technician("tech_a", skills=["water", "gps"])
    return technician.id, login("tech_a")


@pytest.fixture
def other_tech(login: Any) -> tuple[int, Headers]:
    technician = make_technician("tech_b", skills=["water"])
    return technician.id, login("tech_b")


def _create(client: FlaskClient, headers: Headers, kind: str = "water_leak") -> dict[str, Any]:
    response = client.post("/api/v1/orders", json=order_payload(kind), headers=headers)
    assert response.status_code == 201, response.json
    order: dict[str, Any] = response.json
    return order


def _move(
    client: FlaskClient, headers: Headers, order: dict[str, Any], to: str, **extra: Any
) -> Any:
    body = {"to": to, "version": order["version"], **extra}
    return client.post(f"/api/v1/orders/{order['id']}/transitions", json=body, headers=headers)


def _step(
    client: FlaskClient, headers: Headers, order: dict[str, Any], to: str, **extra: Any
) -> dict[str, Any]:
    response = _move(client, headers, order, to, **extra)
    assert response.status_code == 200, response.json
    moved: dict[str, Any] = response.json
    assert moved["status"] == to
    assert moved["version"] == order["version"] + 1
    return moved


def _assigned(
    client: FlaskClient, dispatcher: Headers, technician_id: int, kind: str = "water_leak"
) -> dict[str, Any]:
    order = _create(client, dispatcher, kind)
    if order["status"] == "new":
        order = _step(client, dispatcher, order, "ready")
    return _step(client, dispatcher, order, "assigned", technician_id=technician_id)


def test_full_life_cycle_with_events(
    client: FlaskClient, dispatcher: Headers, agent: Headers, tech: tuple[int, Headers]
) -> None:
    tech_id, tech_headers = tech
    order = _create(client, agent, "gps_repair")
    assert order["status"] == "new"
    order = _step(client, dispatcher, order, "ready", notes="approved")
    order = _step(client, dispatcher, order, "assigned", technician_id=tech_id)
    assert order["technician_id"] == tech_id
    order = _step(client, tech_headers, order, "en_route", device_at="2026-11-22T09:00:00+08:00")
    order = _step(client, tech_headers, order, "on_site", device_at="2026-11-22T09:40:00+08:00")
    order = _step(
        client,
        tech_headers,
        order,
        "completed",
        notes="Antenna cable cut; replaced the cable.",
        device_at="2026-11-22T10:30:00+08:00",
    )
    assert order["completed_at"] == "2026-11-22T02:30:00+00:00"
    order = _step(client, agent, order, "closed", notes="Customer satisfied, score 5")
    assert order["closed_at"] is not None

    db.session.rollback()  # the history must have been committed
    detail = client.get(f"/api/v1/orders/{order['id']}", headers=dispatcher).json
    assert detail["status"] == "closed"
    events = [e for e in detail["events"] if e["type"] == "transition"]
    assert [(e["from"], e["to"], e["actor"]) for e in events] == [
        ("new", "ready", "disp"),
        ("ready", "assigned", "disp"),
        ("assigned", "en_route", "tech_a"),
        ("en_route", "on_site", "tech_a"),
        ("on_site", "completed", "tech_a"),
        ("completed", "closed", "agent"),
    ]
    assert [e["device_at"] for e in events] == [
        None,
        None,
        "2026-11-22T01:00:00+00:00",
        "2026-11-22T01:40:00+00:00",
        "2026-11-22T02:30:00+00:00",
        None,
    ]
    assert events[0]["notes"] == "approved"
    assert events[4]["notes"] == "Antenna cable cut; replaced the cable."
    assert events[1]["technician_id"] == tech_id
    assert all(e["at"] for e in events)
    assert detail["events"][0]["type"] == "created"


def test_water_and_gas_orders_skip_approval(client: FlaskClient, agent: Headers) -> None:
    assert _create(client, agent, "water_leak")["status"] == "ready"
    assert _create(client, agent, "gas_leak")["status"] == "ready"
    assert _create(client, agent, "gps_install")["status"] == "new"


def test_assign_needs_a_technician(client: FlaskClient, dispatcher: Headers) -> None:
    order = _create(client, dispatcher)
    response = _move(client, dispatcher, order, "assigned")
    assert_error(response, 422, "validation_error", "technician_id")


def test_assign_needs_the_right_skill(
    client: FlaskClient, dispatcher: Headers, tech: tuple[int, Headers]
) -> None:
    order = _create(client, dispatcher, "gas_leak")  # tech_a has water and gps only
    response = _move(client, dispatcher, order, "assigned", technician_id=tech[0])
    error = assert_error(response, 422, "validation_error", "technician_id")
    assert "gas" in error["details"]["technician_id"][0]
    db.session.rollback()
    again = client.get(f"/api/v1/orders/{order['id']}", headers=dispatcher).json
    assert (again["status"], again["technician_id"], again["version"]) == ("ready", None, 1)


def test_assign_unknown_technician(client: FlaskClient, dispatcher: Headers) -> None:
    order = _create(client, dispatcher)
    response = _move(client, dispatcher, order, "assigned", technician_id=9999)
    assert_error(response, 404, "not_found", "technician_id")


def test_completing_needs_notes(
    client: FlaskClient, dispatcher: Headers, tech: tuple[int, Headers]
) -> None:
    order = _assigned(client, dispatcher, tech[0])
    order = _step(client, tech[1], order, "en_route")
    order = _step(client, tech[1], order, "on_site")
    for notes in (None, "   "):
        extra = {} if notes is None else {"notes": notes}
        response = _move(client, tech[1], order, "completed", **extra)
        assert_error(response, 422, "validation_error", "notes")
    db.session.rollback()
    assert client.get(f"/api/v1/orders/{order['id']}", headers=tech[1]).json["status"] == "on_site"


def test_reopen_completed_goes_back_to_ready(
    client: FlaskClient, dispatcher: Headers, agent: Headers, tech: tuple[int, Headers]
) -> None:
    order = _assigned(client, dispatcher, tech[0])
    for to in ("en_route", "on_site"):
        order = _step(client, tech[1], order, to)
    order = _step(client, tech[1], order, "completed", notes="Replaced the joint.")
    order = _step(client, agent, order, "ready", notes="Customer: still leaking")
    assert order["technician_id"] is None
    assert order["scheduled_start"] is None


def test_hold_needs_a_reason_and_returns_to_ready(
    client: FlaskClient, dispatcher: Headers, tech: tuple[int, Headers]
) -> None:
    order = _assigned(client, dispatcher, tech[0])
    order = _step(client, tech[1], order, "en_route")
    order = _step(client, tech[1], order, "on_site")
    assert_error(_move(client, tech[1], order, "on_hold"), 422, "validation_error", "notes")
    order = _step(client, tech[1], order, "on_hold", notes="Awaiting a DN400 clamp")
    assert_error(_move(client, tech[1], order, "ready"), 403, "forbidden")
    order = _step(client, dispatcher, order, "ready")
    detail = client.get(f"/api/v1/orders/{order['id']}", headers=dispatcher).json
    hold = next(e for e in detail["events"] if e["to"] == "on_hold")
    assert (hold["from"], hold["notes"]) == ("on_site", "Awaiting a DN400 clamp")


def test_unassign_and_cancel(
    client: FlaskClient, dispatcher: Headers, tech: tuple[int, Headers]
) -> None:
    order = _assigned(client, dispatcher, tech[0])
    order = _step(client, dispatcher, order, "ready")
    assert order["technician_id"] is None
    order = _step(client, dispatcher, order, "cancelled", notes="Duplicate report")
    response = _move(client, dispatcher, order, "ready")
    error = assert_error(response, 409, "illegal_transition", "status")
    assert error["details"]["status"] == "cancelled"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ([], "completed"),
        ([], "on_site"),
        (["assigned"], "closed"),
        (["assigned", "en_route"], "completed"),
        (["assigned", "en_route", "on_site"], "assigned"),
    ],
)
def test_illegal_transition_names_the_current_state(
    client: FlaskClient,
    dispatcher: Headers,
    tech: tuple[int, Headers],
    path: list[str],
    target: str,
) -> None:
    order = _create(client, dispatcher)
    for to in path:
        order = _step(client, dispatcher, order, to, technician_id=tech[0])
    response = _move(client, dispatcher, order, target, notes="n", technician_id=tech[0])
    error = assert_error(response, 409, "illegal_transition")
    assert error["details"] == {
        "status": order["status"],
        "version": order["version"],
        "technician_id": order["technician_id"],
    }
    assert order["status"] in error["message"]


def test_stale_version_is_refused_with_the_current_state(
    client: FlaskClient, dispatcher: Headers, tech: tuple[int, Headers]
) -> None:
    order = _create(client, dispatcher)
    stale = dict(order)
    order = _step(client, dispatcher, order, "assigned", technician_id=tech[0])
    response = _move(client, dispatcher, stale, "cancelled")
    error = assert_error(response, 409, "version_conflict")
    assert error["details"] == {"status": "assigned", "version": 2, "technician_id": tech[0]}
    db.session.rollback()
    again = client.get(f"/api/v1/orders/{order['id']}", headers=dispatcher).json
    assert (again["status"], again["version"]) == ("assigned", 2)


def test_technician_moves_only_their_own_orders(
    client: FlaskClient,
    dispatcher: Headers,
    tech: tuple[int, Headers],
    other_tech: tuple[int, Headers],
) -> None:
    order = _assigned(client, dispatcher, tech[0])
    response = _move(client, other_tech[1], order, "en_route")
    assert_error(response, 403, "not_your_order")
    db.session.rollback()
    again = client.get(f"/api/v1/orders/{order['id']}", headers=dispatcher).json
    assert (again["status"], again["version"]) == ("assigned", order["version"])


def test_technician_reads_only_their_own_orders(
    client: FlaskClient,
    dispatcher: Headers,
    tech: tuple[int, Headers],
    other_tech: tuple[int, Headers],
) -> None:
    mine = _assigned(client, dispatcher, tech[0])
    theirs = _assigned(client, dispatcher, other_tech[0])
    unassigned = _create(client, dispatcher)

    assert client.get(f"/api/v1/orders/{mine['id']}", headers=tech[1]).status_code == 200
    for other in (theirs, unassigned):
        response = client.get(f"/api/v1/orders/{other['id']}", headers=tech[1])
        assert_error(response, 403, "not_your_order")

    listed = client.get("/api/v1/orders", headers=tech[1]).json
    assert [o["id"] for o in listed["items"]] == [mine["id"]]
    assert listed["total"] == 1
    own = client.get(f"/api/v1/orders?technician_id={tech[0]}", headers=tech[1])
    assert [o["id"] for o in own.json["items"]] == [mine["id"]]
    response = client.get(f"/api/v1/orders?technician_id={other_tech[0]}", headers=tech[1])
    assert_error(response, 403, "not_your_order")


def test_technician_without_record_sees_nothing(
    client: FlaskClient, dispatcher: Headers, login: Any, tech: tuple[int, Headers]
) -> None:
    _assigned(client, dispatcher, tech[0])
    make_user("technician", "no_record")
    listed = client.get("/api/v1/orders", headers=login("no_record")).json
    assert (listed["items"], listed["total"]) == ([], 0)


def test_agent_cannot_assign_or_approve(
    client: FlaskClient, agent: Headers, tech: tuple[int, Headers]
) -> None:
    order = _create(client, agent)
    response = _move(client, agent, order, "assigned", technician_id=tech[0])
    assert_error(response, 403, "forbidden")
    gps = _create(client, agent, "gps_install")
    assert_error(_move(client, agent, gps, "ready"), 403, "forbidden")
    db.session.rollback()
    again = client.get(f"/api/v1/orders/{order['id']}", headers=agent).json
    assert (again["status"], again["technician_id"]) == ("ready", None)


def test_technician_cannot_assign_or_close(
    client: FlaskClient, dispatcher: Headers, tech: tuple[int, Headers]
) -> None:
    order = _assigned(client, dispatcher, tech[0])
    assert_error(_move(client, tech[1], order, "ready"), 403, "forbidden")
    assert_error(_move(client, tech[1], order, "cancelled"), 403, "forbidden")


def test_unknown_order_and_bad_body(client: FlaskClient, dispatcher: Headers) -> None:
    response = client.post(
        "/api/v1/orders/999/transitions", json={"to": "ready", "version": 1}, headers=dispatcher
    )
    assert_error(response, 404, "not_found")
    order = _create(client, dispatcher)
    assert_error(_move(client, dispatcher, order, "flying"), 422, "validation_error", "to")
    response = client.post(
        f"/api/v1/orders/{order['id']}/transitions", json={"to": "ready"}, headers=dispatcher
    )
    assert_error(response, 422, "validation_error", "version")
