"""Load fixtures/demo into an empty database as a day in progress."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from server.accounts import service as accounts
from server.accounts.models import User
from server.customers import service as customers
from server.customers.models import Customer
from server.demo.shifts import demo_shift
from server.demo.shifts import shift_note as moved_note
from server.errors import Conflict
from server.extensions import db
from server.orders.models import WorkOrder
from server.orders.service import add_order
from server.parts import service as parts
from server.policy.seed import ensure_defaults
from server.technicians import service as technicians
from server.technicians.models import Technician
from server.timeutil import at_local, local_date, utcnow

DEMO_PASSWORD = "demo1234"
OFFICE_USERS = (
    ("admin", "admin", "Administrator"),
    ("dispatcher", "dispatcher", "Li Na (dispatch)"),
    ("agent", "agent", "Zhou Min (service desk)"),
    ("finance", "finance", "Chen Jing (finance)"),
)


def _read(name: str) -> Any:
    path: Path = current_app.config["FIXTURES_DIR"] / "demo" / name
    return json.loads(path.read_text(encoding="utf-8"))


def _load_people(now: datetime) -> dict[str, Technician]:
    for username, role, full_name in OFFICE_USERS:
        accounts.add_user(None, username, role, DEMO_PASSWORD, full_name)
    techs: dict[str, Technician] = {}
    for row in _read("technicians.json"):
        shift_start, shift_end = demo_shift(*_written_shift(row), now)
        techs[row["username"]] = technicians.add_technician(
            None,
            {
                "username": row["username"],
                "password": DEMO_PASSWORD,
                "full_name": row["full_name"],
                "phone": row["phone"],
                "skills": row["skills"],
                "shift_start": shift_start,
                "shift_end": shift_end,
                "home_address": row["home"]["address"],
                "home_lat": row["home"]["lat"],
                "home_lon": row["home"]["lon"],
                "color": row["color"],
            },
        )
    return techs


def _written_shift(row: dict[str, Any]) -> tuple[time, time]:
    return time.fromisoformat(row["shift_start"]), time.fromisoformat(row["shift_end"])


def _load_customers() -> dict[str, Customer]:
    loaded: dict[str, Customer] = {}
    for row in _read("customers.json"):
        customer = customers.add_customer(row)
        for plate in row.get("vehicles", []):
            customers.ensure_vehicle(customer, plate)
        loaded[row["ref"]] = customer
    return loaded


def _order_data(row: dict[str, Any], customer: Customer, now: datetime) -> dict[str, Any]:
    data = {
        k: v
        for k, v in row.items()
        if k
        not in (
            "ref",
            "customer",
            "site",
            "appointment",
            "state",
            "technician",
            "reported_hours_ago",
        )
    }
    data.update(customer_id=customer.id, site_id=customer.sites[row["site"]].id)
    data["reported_at"] = now - timedelta(hours=row["reported_hours_ago"])
    if "lel_percent" in data:
        data["lel_percent"] = Decimal(str(data["lel_percent"]))
    if data.get("purchase_date"):
        data["purchase_date"] = date.fromisoformat(data["purchase_date"])
    if appointment := row.get("appointment"):
        day = local_date(now) + timedelta(days=appointment["day_offset"])
        data["appointment_start"] = at_local(day, time.fromisoformat(appointment["start"]))
        data["appointment_end"] = at_local(day, time.fromisoformat(appointment["end"]))
    return data


def load_demo(now: datetime | None = None) -> dict[str, int]:
    """Load the whole demo set in one transaction; refuses a database that has users."""
    if db.session.scalar(select(func.count()).select_from(User)):
        raise Conflict("The database already has users; load the demo into an empty one.")
    now = now or utcnow().replace(microsecond=0)
    ensure_defaults()
    techs = _load_people(now)
    for row in _read("parts.json"):
        parts.add_part(None, {**row, "unit_price": Decimal(row["unit_price"])})
    loaded = _load_customers()
    rows = sorted(_read("orders.json"), key=lambda row: -row["reported_hours_ago"])
    orders = []
    for row in rows:  # entered as reported, oldest first: numbers and histories in time order
        data = _order_data(row, loaded[row["customer"]], now)
        orders.append((row, add_order(None, data, now=data["reported_at"])))
    from server.demo.progress import play_day

    play_day(orders, techs, now)
    from server.demo.finance import load_finance_demo

    load_finance_demo(now)
    db.session.commit()
    return {"technicians": len(techs), "customers": len(loaded), "orders": len(orders)}


def shift_note(now: datetime) -> str:
    """Says so when the demo loaded at ``now`` moved shifts to hold that moment."""
    written = [_written_shift(row) for row in _read("technicians.json")]
    return moved_note(now, written, [demo_shift(*shift, now) for shift in written])


def demo_logins() -> list[tuple[str, str]]:
    users = db.session.scalars(
        select(User).where(User.active.is_(True)).order_by(User.role, User.username)
    )
    return [(u.username, u.role) for u in users]


__all__ = ["UTC", "WorkOrder", "demo_logins", "load_demo", "shift_note"]
