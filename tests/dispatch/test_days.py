"""Each day plans its own work: planning ahead leaves today alone, and the other way round."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server import timeutil
from server.dispatch.models import DispatchPlan
from server.dispatch.problem import work_day
from server.extensions import db
from server.orders.models import WorkOrder
from server.timeutil import at_local, local_date, utcnow
from tests.dispatch.conftest import assign, order_of, pin_clock, plan_day, wait_for_plan
from tests.factories import make_customer, make_order

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("status", "planned_for", "expected"),
    [
        ("assigned", None, 0),  # assigned without a day: today's
        ("assigned", -2, 0),  # work left over from an earlier day is today's
        ("assigned", 0, 0),
        ("assigned", 1, 1),
        ("en_route", 1, 0),  # started work is today's
        ("on_site", 1, 0),
    ],
)
def test_work_day(status: str, planned_for: int | None, expected: int) -> None:
    work_date = None if planned_for is None else TODAY + timedelta(days=planned_for)
    order = WorkOrder(status=status, work_date=work_date)
    assert work_day(order, TODAY) == TODAY + timedelta(days=expected)


def test_todays_work_running_past_midnight_stays_today(app: Flask) -> None:
    late = at_local(TODAY + timedelta(days=1), clock(0, 30))
    order = WorkOrder(status="assigned", work_date=TODAY, scheduled_start=late)
    assert work_day(order, TODAY) == TODAY


def _plan_and_commit(client: FlaskClient, headers: dict[str, str], day: str) -> dict[str, Any]:
    started = client.post(
        "/api/v1/dispatch/plans", json={"date": day, "time_limit_s": 1}, headers=headers
    )
    assert started.status_code == 202, started.json
    plan = wait_for_plan(client, headers, started.json["id"])
    assert plan["status"] == "done", plan["error"]
    committed = client.post(f"/api/v1/dispatch/plans/{plan['id']}/commit", headers=headers)
    assert committed.status_code == 200, committed.json
    return plan


def _orders_in(plan: dict[str, Any]) -> set[int]:
    planned = {s["order_id"] for r in plan["routes"] for s in r["stops"]}
    return planned | {u["order_id"] for u in plan["unassigned"]}


def _sequence(client: FlaskClient, headers: dict[str, str], technician_id: int, day: str) -> Any:
    board = client.get(f"/api/v1/dispatch/board?date={day}", headers=headers).json
    return next(
        t["sequence"] for t in board["technicians"] if t["technician"]["id"] == technician_id
    )


def _scheduled_day(order: dict[str, Any]) -> str:
    return local_date(datetime.fromisoformat(order["scheduled_start"])).isoformat()


def test_planning_tomorrow_leaves_todays_work_alone(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    todays, water = day["orders"][0], day["technicians"]["water"]
    assert assign(client, dispatcher, todays, water).status_code == 200
    before = order_of(client, dispatcher, todays)
    plan = _plan_and_commit(client, dispatcher, plan_day())
    assert _orders_in(plan) == set(day["orders"][1:])
    after = order_of(client, dispatcher, todays)
    assert after["status"] == "assigned"
    assert after["technician_id"] == water
    assert after["scheduled_start"] == before["scheduled_start"]
    today = local_date(utcnow()).isoformat()
    assert _sequence(client, dispatcher, water, today) == [todays]
    assert todays not in _sequence(client, dispatcher, water, plan_day())
    for order_id in day["orders"][1:]:
        assert _scheduled_day(order_of(client, dispatcher, order_id)) == plan_day()


def test_planning_today_leaves_a_committed_later_day_alone(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    tomorrow = _plan_and_commit(client, dispatcher, plan_day())
    ahead = {o: order_of(client, dispatcher, o) for o in _orders_in(tomorrow)}
    today = local_date(utcnow()).isoformat()
    started = client.post(
        "/api/v1/dispatch/plans", json={"date": today, "time_limit_s": 1}, headers=dispatcher
    )
    plan = wait_for_plan(client, dispatcher, started.json["id"])
    assert plan["status"] == "done", plan["error"]
    assert _orders_in(plan) == set()
    commit = client.post(f"/api/v1/dispatch/plans/{plan['id']}/commit", headers=dispatcher)
    assert commit.status_code == 200, commit.json
    for order_id, before in ahead.items():
        after = order_of(client, dispatcher, order_id)
        assert (after["status"], after["technician_id"], after["scheduled_start"]) == (
            before["status"],
            before["technician_id"],
            before["scheduled_start"],
        )


def test_an_order_is_assigned_into_the_day_shown(
    client: FlaskClient,
    dispatcher: dict[str, str],
    day: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pin_clock(monkeypatch, 10)  # late in the evening today's slot would start after midnight
    order_id, water = day["orders"][0], day["technicians"]["water"]
    today = local_date(utcnow()).isoformat()
    ahead = assign(client, dispatcher, order_id, water, date=plan_day())
    assert ahead.status_code == 200, ahead.json
    assert _scheduled_day(order_of(client, dispatcher, order_id)) == plan_day()
    assert _sequence(client, dispatcher, water, plan_day()) == [order_id]
    assert _sequence(client, dispatcher, water, today) == []
    back = assign(client, dispatcher, order_id, water, date=today)
    assert back.status_code == 200, back.json
    assert _scheduled_day(order_of(client, dispatcher, order_id)) == today
    assert _sequence(client, dispatcher, water, plan_day()) == []
    assert _sequence(client, dispatcher, water, today) == [order_id]


def test_an_order_is_not_assigned_into_a_day_that_is_over(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    yesterday = (local_date(utcnow()) - timedelta(days=1)).isoformat()
    response = assign(
        client, dispatcher, day["orders"][0], day["technicians"]["water"], date=yesterday
    )
    assert response.status_code == 422
    assert list(response.json["error"]["details"]) == ["date"]
    assert "today" in response.json["error"]["details"]["date"][0]
    assert order_of(client, dispatcher, day["orders"][0])["status"] == "ready"


def test_a_failed_plan_of_a_day_that_is_over_is_not_retried(
    app: Flask, client: FlaskClient, dispatcher: dict[str, str]
) -> None:
    yesterday = local_date(utcnow()) - timedelta(days=1)
    failed = DispatchPlan(plan_date=yesterday, time_limit_s=5, status="failed", error="boom")
    db.session.add(failed)
    db.session.commit()
    refused = client.post(f"/api/v1/dispatch/plans/{failed.id}/retry", headers=dispatcher)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "plan_past"
    assert db.session.query(DispatchPlan).count() == 1


def test_today_is_the_operators_date_not_utcs(
    client: FlaskClient, dispatcher: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 01:30 in Hangzhou it is still the day before in UTC: the operator's date counts."""
    moment = datetime(2026, 12, 3, 17, 30, tzinfo=UTC)  # 2026-12-04 01:30 Asia/Shanghai
    monkeypatch.setattr(timeutil, "clock", lambda: moment)
    assert client.get("/api/v1/dispatch/board", headers=dispatcher).json["today"] == "2026-12-04"
    plans = "/api/v1/dispatch/plans"
    refused = client.post(plans, json={"date": "2026-12-03"}, headers=dispatcher)
    assert refused.status_code == 422
    assert "Must be today (2026-12-04)" in refused.json["error"]["details"]["date"][0]
    failed = DispatchPlan(plan_date=date(2026, 12, 3), time_limit_s=5, status="failed")
    db.session.add(failed)
    db.session.commit()
    retried = client.post(f"{plans}/{failed.id}/retry", headers=dispatcher)
    assert (retried.status_code, retried.json["error"]["code"]) == (409, "plan_past")


def test_an_appointment_fixes_the_work_day(app: Flask) -> None:
    ahead = at_local(TODAY + timedelta(days=1), clock(14))
    order = WorkOrder(status="assigned", work_date=TODAY, appointment_start=ahead)
    assert work_day(order, TODAY) == TODAY + timedelta(days=1)  # whoever assigned it
    order.appointment_start = at_local(TODAY - timedelta(days=1), clock(14))
    assert work_day(order, TODAY) == TODAY  # a missed appointment is today's to sort out


def test_a_grade_1_leak_is_never_planned_for_a_later_day(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    customer = make_customer(sites=[{"address": "9 Leak Lane", "lat": 30.27, "lon": 120.15}])
    leak = make_order("gas_leak", customer=customer, leak_grade=1)
    plan = _plan_and_commit(client, dispatcher, plan_day())
    assert leak.id not in _orders_in(plan)
    assert order_of(client, dispatcher, leak.id)["status"] == "ready"


def test_a_move_without_a_day_keeps_the_orders_day(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    first, second = day["orders"][:2]
    water = day["technicians"]["water"]
    for order_id in (first, second):
        assert assign(client, dispatcher, order_id, water, date=plan_day()).status_code == 200
    moved = assign(client, dispatcher, second, water, position=0)
    assert moved.status_code == 200, moved.json
    assert moved.json["work_date"] == plan_day()
    assert _sequence(client, dispatcher, water, plan_day()) == [second, first]
    event = order_of(client, dispatcher, second)["events"][-1]
    assert (event["type"], event["notes"]) == ("rescheduled", f"Moved by hand within {plan_day()}")


def test_a_day_shows_the_work_finished_that_day_only(
    client: FlaskClient, dispatcher: dict[str, str]
) -> None:
    order = make_order()
    order.status, order.completed_at = "completed", utcnow()
    db.session.commit()
    today = local_date(utcnow())

    def shown(day: date) -> bool:
        board = client.get(f"/api/v1/dispatch/board?date={day}", headers=dispatcher).json
        return order.id in {row["order"]["id"] for row in board["orders"]}

    assert shown(today)
    assert not shown(today - timedelta(days=1))
    assert not shown(today + timedelta(days=1))
