"""Factories: valid objects with overridable fields, built through the services."""

from __future__ import annotations

import itertools
from datetime import time
from typing import Any

from server.accounts import service as accounts
from server.accounts.models import User
from server.customers import service as customers
from server.customers.models import Customer
from server.extensions import db
from server.orders.models import WorkOrder
from server.orders.service import add_order
from server.technicians import service as technicians
from server.technicians.models import Technician

PASSWORD = "password123"
_serial = itertools.count(1)


def make_user(role: str = "dispatcher", username: str | None = None, **extra: Any) -> User:
    user = accounts.add_user(None, username or f"{role}{next(_serial)}", role, PASSWORD, **extra)
    db.session.commit()
    return user


def make_technician(username: str | None = None, **overrides: Any) -> Technician:
    data: dict[str, Any] = {
        "username": username or f"tech{next(_serial)}",
        "password": PASSWORD,
        "full_name": "Wang Lei",
        "skills": ["water", "gas", "gps"],
        "shift_start": time(8),
        "shift_end": time(17),
        "home_lat": 30.2741,
        "home_lon": 120.1551,
    }
    data.update(overrides)
    technician = technicians.add_technician(None, data)
    db.session.commit()
    return technician


def make_customer(**overrides: Any) -> Customer:
    data: dict[str, Any] = {
        "name": f"Customer {next(_serial)}",
        "phone": "+86 138 0000 0000",
        "grade": "B",
        "sites": [
            {"address": "478 Wensan Road, Xihu District, Hangzhou", "lat": 30.2786, "lon": 120.1290}
        ],
    }
    data.update(overrides)
    customer = customers.add_customer(data)
    db.session.commit()
    return customer


KIND_DEFAULTS: dict[str, dict[str, Any]] = {
    "water_leak": {"pipe_diameter_mm": 200},
    "gas_leak": {"leak_grade": 2},
    "gps_install": {"vehicle_plate": "浙A3K7Q2"},
    "gps_repair": {"vehicle_plate": "浙A8M2P5"},
}


def order_payload(kind: str = "water_leak", **overrides: Any) -> dict[str, Any]:
    """A valid JSON body for ``POST /api/v1/orders``."""
    body: dict[str, Any] = {
        "kind": kind,
        "customer": {
            "name": "Hangzhou Lakeside Property",
            "phone": "+86 571 8888 0000",
            "grade": "A",
        },
        "site": {
            "address": "12 Hubin Road, Shangcheng District, Hangzhou",
            "lat": 30.2587,
            "lon": 120.1641,
        },
        "description": "Water coming up through the pavement",
        **KIND_DEFAULTS[kind],
    }
    body.update(overrides)
    return body


def make_order(kind: str = "water_leak", actor: User | None = None, **overrides: Any) -> WorkOrder:
    customer = overrides.pop("customer", None) or make_customer()
    data: dict[str, Any] = {
        "kind": kind,
        "customer_id": customer.id,
        "site_id": customer.sites[0].id,
    }
    data.update(KIND_DEFAULTS[kind])
    data.update(overrides)
    order = add_order(actor, data)
    db.session.commit()
    return order
