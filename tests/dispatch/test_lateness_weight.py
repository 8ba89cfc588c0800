"""The dispatcher's choice of punctuality against driving (``lateness_weight``, or the
``on_time_target`` the search holds while it weighs lateness as little as it can)."""

from __future__ import annotations

from datetime import date, timedelta
from datetime import time as clock
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.config import lateness_weight_from
from server.dispatch import service
from server.dispatch.emergency import suggest_replan
from server.dispatch.models import DispatchPlan
from server.extensions import db
from server.orders.models import WorkOrder
from server.timeutil import local_date, local_midnight, utcnow
from tests.assertions import assert_error
from tests.dispatch.conftest import plan_day, wait_for_plan
from tests.factories import make_customer, make_order, make_technician, make_user

HOME = (30.2741, 120.1551)
KM_LAT, KM_LON = 0.009, 0.0104  # degrees per kilometre in Hangzhou


def _site(east_km: float, north_km: float) -> tuple[float, float]:
    return HOME[0] + north_km * KM_LAT, HOME[1] + east_km * KM_LON


def _water_order(site: tuple[float, float], due_at: Any) -> int:
    lat, lon = site
    customer = make_customer(sites=[{"address": "Test Road, Hangzhou", "lat": lat, "lon": lon}])
    order = make_order("water_leak", customer=customer, duration_min=60)
    order.due_at = due_at
    db.session.commit()
    return order.id


@pytest.fixture
def trade_off(app: Flask) -> dict[str, int]:
    """One technician at home; "urgent" lies between two other jobs on the shortest round.

    Home -> north-east -> urgent -> south-east -> home is the shortest drive; serving
    "urgent" first costs about 4 km more and makes it an hour less late.
    """
    make_technician(
        "water9",
        skills=["water"],
        home_lat=HOME[0],
        home_lon=HOME[1],
        shift_start=clock(0, 0),
        shift_end=clock(23, 59),
    )
    day = date.fromisoformat(plan_day())
    orders = {
        "north_east": _water_order(_site(5, 3), None),
        "urgent": _water_order(_site(10, 0), local_midnight(day) + timedelta(minutes=1)),
        "south_east": _water_order(_site(5, -3), None),
    }
    make_user("dispatcher", "disp9")
    return orders


def _plan(client: FlaskClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/dispatch/plans",
        json={"date": plan_day(), "time_limit_s": 1, **body},
        headers=headers,
    )
    assert response.status_code == 202, response.json
    return wait_for_plan(client, headers, response.json["id"])


def test_deadlines_first_serves_the_urgent_job_first_and_drives_more(
    client: FlaskClient, login: Any, trade_off: dict[str, int]
) -> None:
    headers = login("disp9")
    punctual = _plan(client, headers, lateness_weight=1)
    driving = _plan(client, headers, lateness_weight=0)
    for plan in (punctual, driving):
        assert plan["status"] == "done", plan["error"]
    first = [s["order_id"] for s in punctual["routes"][0]["stops"]]
    shortest = [s["order_id"] for s in driving["routes"][0]["stops"]]
    assert first[0] == trade_off["urgent"]
    assert shortest[1] == trade_off["urgent"]
    assert punctual["lateness_weight"] == 1
    assert driving["lateness_weight"] == 0
    assert punctual["objective"]["travel_min"] > driving["objective"]["travel_min"]
    assert punctual["objective"]["lateness_min"] < driving["objective"]["lateness_min"]


def test_a_fractional_weight_is_solved_with_and_reported(
    client: FlaskClient, login: Any, trade_off: dict[str, int]
) -> None:
    plan = _plan(client, login("disp9"), lateness_weight=3 / 64)
    assert plan["lateness_weight"] == 0.046875
    assert plan["objective"]["lateness_weight"] == 0.046875


def test_cost_is_in_seconds_of_driving(
    client: FlaskClient, login: Any, trade_off: dict[str, int]
) -> None:
    """No order is dropped and, serving "urgent" first, no lateness is avoidable: at any
    weight the cost is the travel, not the objective's 1/cost_scale units (4 at 1/4)."""
    headers = login("disp9")
    for weight in (0, 0.25, 1):
        plan = _plan(client, headers, lateness_weight=weight)
        if weight:
            assert plan["routes"][0]["stops"][0]["order_id"] == trade_off["urgent"]
        objective = plan["objective"]
        assert abs(objective["cost"] - objective["travel_min"] * 60) <= 3  # minutes rounded


def test_default_weight_comes_from_the_configuration(
    app: Flask, client: FlaskClient, login: Any, trade_off: dict[str, int]
) -> None:
    headers = login("disp9")
    assert _plan(client, headers)["lateness_weight"] == 1
    app.config["DISPATCH_LATENESS_WEIGHT"] = 0.5
    plan = _plan(client, headers)
    assert plan["lateness_weight"] == 0.5
    assert plan["objective"]["lateness_weight"] == 0.5


@pytest.mark.parametrize(
    ("field", "value"),
    [
        *[("lateness_weight", w) for w in (-0.5, 4.5, 0.3, 0.005, "punctual", None)],
        *[("on_time_target", t) for t in (-0.1, 1.5, "98 %")],
    ],
)
def test_bad_objective_is_refused_naming_the_field(
    client: FlaskClient, login: Any, trade_off: dict[str, int], field: str, value: Any
) -> None:
    response = client.post(
        "/api/v1/dispatch/plans",
        json={"date": plan_day(), field: value},
        headers=login("disp9"),
    )
    assert_error(response, 422, "validation_error", field)
    assert db.session.query(DispatchPlan).count() == 0


def test_a_replan_and_its_retry_are_solved_with_their_weight(
    client: FlaskClient, login: Any, trade_off: dict[str, int]
) -> None:
    headers = login("disp9")
    first = db.session.get(DispatchPlan, _plan(client, headers, lateness_weight=0.125)["id"])
    assert first is not None
    replan = service.start_plan(
        None, first.plan_date, 1, lateness_weight=0.125, trigger="emergency", previous=first
    )
    replan_id = replan.id
    db.session.remove()  # polls below must read the worker's writes, not this session's copy
    replanned = wait_for_plan(client, headers, replan_id)
    assert replanned["lateness_weight"] == 0.125
    assert replanned["objective"]["lateness_weight"] == 0.125
    failed = DispatchPlan(
        plan_date=date.fromisoformat(plan_day()),
        time_limit_s=1,
        lateness_weight=0.125,
        on_time_target=0.98,
        status="failed",
    )
    db.session.add(failed)
    db.session.commit()
    retried = client.post(f"/api/v1/dispatch/plans/{failed.id}/retry", headers=headers)
    assert retried.status_code == 202
    again = wait_for_plan(client, headers, retried.json["id"])
    assert again["lateness_weight"] == 0.125
    assert again["objective"]["lateness_weight"] == 0.125
    assert again["on_time_target"] == 0.98  # a retry holds the target it was asked for


def test_configured_weight_is_read() -> None:
    assert lateness_weight_from("0.5") == 0.5
    assert lateness_weight_from("0") == 0


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("fast", "not a number"),
        ("nan", "not a number"),
        ("inf", "must be from 0 to 4"),
        ("-1", "must be from 0 to 4"),
        ("4.5", "must be from 0 to 4"),
        ("0.3", "must be a multiple of 1/64"),
    ],
)
def test_bad_configured_weight_is_refused(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=f"DISPATCH_LATENESS_WEIGHT='{text}': {problem}"):
        lateness_weight_from(text)


def test_emergency_replan_weighs_deadlines_at_least_by_default(
    client: FlaskClient, login: Any, trade_off: dict[str, int]
) -> None:
    headers = login("disp9")
    today = local_date(utcnow()).isoformat()
    started = client.post(
        "/api/v1/dispatch/plans",
        json={"date": today, "time_limit_s": 1, "lateness_weight": 0.0625},
        headers=headers,
    )
    plan = wait_for_plan(client, headers, started.json["id"])
    committed = client.post(f"/api/v1/dispatch/plans/{plan['id']}/commit", headers=headers)
    assert committed.status_code == 200, committed.json
    order = db.session.get(WorkOrder, trade_off["urgent"])
    assert order is not None
    suggest_replan(order)
    db.session.remove()
    plans = client.get(f"/api/v1/dispatch/plans?date={today}", headers=headers).json
    replan = wait_for_plan(client, headers, plans[0]["id"])
    assert replan["trigger"].startswith("emergency")
    assert replan["previous_plan_id"] == plan["id"]
    assert replan["lateness_weight"] == 1


def test_an_on_time_target_reaches_the_search_and_is_reported(
    client: FlaskClient, login: Any, trade_off: dict[str, int]
) -> None:
    """ "urgent" is a leak repair already overdue: it can never count as on time. A target of
    none of them leaves the search free to weigh lateness at 1/64 (the shortest round); a
    target of all of them is off from the start, so lateness keeps at least its full weight."""
    headers = login("disp9")
    free = _plan(client, headers, on_time_target=0)
    held = _plan(client, headers, on_time_target=1)
    for plan in (free, held):
        assert plan["status"] == "done", plan["error"]
        assert plan["lateness_weight"] == 1  # the configured default, the target's base price
    assert free["on_time_target"] == 0
    assert held["on_time_target"] == 1
    shortest = [s["order_id"] for s in free["routes"][0]["stops"]]
    punctual = [s["order_id"] for s in held["routes"][0]["stops"]]
    assert shortest.index(trade_off["urgent"]) == 1
    assert punctual.index(trade_off["urgent"]) == 0
    assert free["objective"]["travel_min"] < held["objective"]["travel_min"]
    assert _plan(client, headers)["on_time_target"] is None
