"""A small day to plan: three technicians and a handful of orders in Hangzhou."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from datetime import time as clock
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server import timeutil
from server.extensions import db
from server.technicians.models import Technician
from server.timeutil import at_local, local_date, utcnow
from tests.factories import make_customer, make_order, make_technician, make_user

SITES = [
    (30.2786, 120.1290),
    (30.2650, 120.1650),
    (30.2900, 120.1500),
    (30.2500, 120.1700),
    (30.2700, 120.1400),
]


def plan_day() -> str:
    """Tomorrow (operator's zone): whole shifts ahead, whatever the hour the tests run.

    Planning today starts from now, so late in the local evening five jobs of 60-90
    minutes no longer fit before midnight and a plan of today depends on the clock.
    """
    return (local_date(utcnow()) + timedelta(days=1)).isoformat()


@pytest.fixture
def day(app: Flask) -> dict[str, Any]:
    """Technicians on an all-day shift, so that the plan never depends on the clock."""
    water = make_technician(
        "water1", skills=["water"], shift_start=clock(0, 0), shift_end=clock(23, 59)
    )
    gas = make_technician("gas1", skills=["gas"], shift_start=clock(0, 0), shift_end=clock(23, 59))
    gps = make_technician("gps1", skills=["gps"], shift_start=clock(0, 0), shift_end=clock(23, 59))
    orders = []
    for index, (lat, lon) in enumerate(SITES):
        customer = make_customer(
            sites=[{"address": f"{index + 1} Test Road, Hangzhou", "lat": lat, "lon": lon}]
        )
        kind = "water_leak" if index < 3 else "gas_leak"
        orders.append(make_order(kind, customer=customer))
    make_user("dispatcher", "disp")
    return {
        "technicians": {"water": water.id, "gas": gas.id, "gps": gps.id},
        "orders": [o.id for o in orders],
    }


@pytest.fixture
def dispatcher(login: Any, day: dict[str, Any]) -> dict[str, str]:
    return login("disp")


def wait_for_plan(
    client: FlaskClient, headers: dict[str, str], plan_id: int, timeout: float = 60
) -> dict[str, Any]:
    """Poll the plan until it is no longer queued or running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        plan = client.get(f"/api/v1/dispatch/plans/{plan_id}", headers=headers).json
        if plan["status"] not in ("queued", "running"):
            return plan
        time.sleep(0.2)
    raise AssertionError(f"plan {plan_id} did not finish")


def technician(technician_id: int) -> Technician:
    db.session.expire_all()
    found = db.session.get(Technician, technician_id)
    assert found is not None
    return found


def order_of(client: FlaskClient, headers: dict[str, str], order_id: int) -> dict[str, Any]:
    """The order as the API shows it."""
    return client.get(f"/api/v1/orders/{order_id}", headers=headers).json


def assign(
    client: FlaskClient, headers: dict[str, str], order_id: int, technician_id: int, **extra: Any
) -> Any:
    """Assign through the dispatch API at the order's current version (``extra``: position,
    date)."""
    version = order_of(client, headers, order_id)["version"]
    body = {"technician_id": technician_id, "version": version, **extra}
    return client.post(f"/api/v1/dispatch/orders/{order_id}/assign", json=body, headers=headers)


def pin_clock(monkeypatch: pytest.MonkeyPatch, hour: int) -> datetime:
    """Make it ``hour`` o'clock today (operator's zone) for the whole server, column
    defaults and the background plan runner included, so that a plan of today does not
    depend on when the tests run. Returns the pinned moment."""
    moment = at_local(local_date(utcnow()), clock(hour, 0))
    monkeypatch.setattr(timeutil, "clock", lambda: moment)
    return moment
