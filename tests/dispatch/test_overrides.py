"""Manual assignment, moves, unassignment and locks: checked and recorded as events."""

from __future__ import annotations

from datetime import time as clock
from typing import Any

from flask.testing import FlaskClient

from tests.dispatch.conftest import assign, order_of, plan_day, wait_for_plan
from tests.factories import make_technician


def test_assign_sets_times_and_records_the_event(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    order_id, water = day["orders"][0], day["technicians"]["water"]
    response = assign(client, dispatcher, order_id, water)
    assert response.status_code == 200, response.json
    order = order_of(client, dispatcher, order_id)
    assert order["status"] == "assigned"
    assert order["technician_id"] == water
    assert order["scheduled_start"] is not None
    assert order["events"][-1]["notes"] == "Assigned by hand"


def test_position_orders_the_day(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    first, second, third = day["orders"][:3]
    water = day["technicians"]["water"]
    for order_id in (first, second):
        assert assign(client, dispatcher, order_id, water).status_code == 200
    assert assign(client, dispatcher, third, water, position=0).status_code == 200
    board = client.get("/api/v1/dispatch/board", headers=dispatcher).json
    sequence = next(t["sequence"] for t in board["technicians"] if t["technician"]["id"] == water)
    assert sequence == [third, first, second]
    starts = [order_of(client, dispatcher, i)["scheduled_start"] for i in sequence]
    assert starts == sorted(starts)


def test_move_to_another_technician(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    order_id = day["orders"][0]
    other = make_technician(
        "water2", skills=["water"], shift_start=clock(0, 0), shift_end=clock(23, 59)
    )
    assert assign(client, dispatcher, order_id, day["technicians"]["water"]).status_code == 200
    moved = assign(client, dispatcher, order_id, other.id)
    assert moved.status_code == 200
    events = order_of(client, dispatcher, order_id)["events"]
    assert [e["to"] for e in events[-3:]] == ["assigned", "ready", "assigned"]
    assert events[-1]["technician_id"] == other.id


def test_wrong_skill_is_refused(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    response = assign(client, dispatcher, day["orders"][0], day["technicians"]["gps"])
    assert response.status_code == 422
    assert "technician_id" in response.json["error"]["details"]
    assert order_of(client, dispatcher, day["orders"][0])["status"] == "ready"


def test_finished_shift_is_refused(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    late = make_technician(
        "early", skills=["water"], shift_start=clock(0, 0), shift_end=clock(0, 1)
    )
    response = assign(client, dispatcher, day["orders"][0], late.id)
    assert response.status_code == 422
    assert "shift" in response.json["error"]["details"]["technician_id"][0]


def test_stale_version_is_refused(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    order_id = day["orders"][0]
    stale = order_of(client, dispatcher, order_id)["version"] - 1
    body = {"technician_id": day["technicians"]["water"], "version": stale}
    response = client.post(
        f"/api/v1/dispatch/orders/{order_id}/assign", json=body, headers=dispatcher
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "version_conflict"


def test_unassign_and_lock(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    order_id, water = day["orders"][0], day["technicians"]["water"]
    assert assign(client, dispatcher, order_id, water).status_code == 200
    version = order_of(client, dispatcher, order_id)["version"]
    locked = client.post(
        f"/api/v1/dispatch/orders/{order_id}/lock",
        json={"version": version, "locked": True},
        headers=dispatcher,
    )
    assert locked.status_code == 200
    assert locked.json["locked"] is True
    refused = assign(client, dispatcher, order_id, water, position=0)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "not_movable"
    version = order_of(client, dispatcher, order_id)["version"]
    freed = client.post(
        f"/api/v1/dispatch/orders/{order_id}/unassign",
        json={"version": version},
        headers=dispatcher,
    )
    assert freed.status_code == 200
    order = order_of(client, dispatcher, order_id)
    assert order["status"] == "ready"
    assert order["technician_id"] is None
    assert order["locked"] is False


def test_locked_order_stays_put_when_optimising(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    order_id = day["orders"][0]
    other = make_technician(
        "water3", skills=["water"], shift_start=clock(0, 0), shift_end=clock(23, 59)
    )
    # Tomorrow: whole shifts ahead, so the plan does not depend on the hour the test runs.
    assigned = assign(client, dispatcher, order_id, other.id, date=plan_day())
    assert assigned.status_code == 200, assigned.json
    version = order_of(client, dispatcher, order_id)["version"]
    client.post(
        f"/api/v1/dispatch/orders/{order_id}/lock",
        json={"version": version, "locked": True},
        headers=dispatcher,
    )
    started = client.post(
        "/api/v1/dispatch/plans",
        json={"date": plan_day(), "time_limit_s": 1},
        headers=dispatcher,
    )
    plan = wait_for_plan(client, dispatcher, started.json["id"])
    owner = {s["order_id"]: r["technician_id"] for r in plan["routes"] for s in r["stops"]}
    assert owner[order_id] == other.id
