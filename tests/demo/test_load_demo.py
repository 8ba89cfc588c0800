"""The demo data set: a day in progress, loaded through the CLI as `make demo` does."""

from __future__ import annotations

from collections import Counter

from flask import Flask
from sqlalchemy import func, select

from server.accounts.models import User
from server.customers.models import Customer
from server.extensions import db
from server.orders.models import OPEN_STATUSES, WorkOrder
from server.technicians.models import Technician
from server.timeutil import local_date, utcnow


def _load(app: Flask) -> str:
    result = app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_is_a_day_in_progress(app: Flask) -> None:
    assert "170 orders" in _load(app)
    assert db.session.scalar(select(func.count()).select_from(Technician)) >= 12
    assert db.session.scalar(select(func.count()).select_from(Customer)) >= 60
    orders = db.session.scalars(select(WorkOrder)).all()
    assert sum(o.status in OPEN_STATUSES for o in orders) >= 150
    assert set(Counter(o.kind for o in orders)) == {
        "water_leak",
        "gas_leak",
        "gps_install",
        "gps_repair",
    }
    assert {"en_route", "on_site", "completed", "assigned", "ready"} <= {o.status for o in orders}
    today = local_date(utcnow())
    for tech in db.session.scalars(select(Technician)):
        mine = [o for o in orders if o.technician_id == tech.id]
        assert mine, f"{tech.user.username} has no orders"
        assert all(o.skill in tech.skills for o in mine)
        assert any(o.scheduled_start and local_date(o.scheduled_start) == today for o in mine)


def test_demo_sizes_and_grades_are_realistic(app: Flask) -> None:
    _load(app)
    orders = db.session.scalars(select(WorkOrder)).all()
    diameters = {o.size_class for o in orders if o.kind == "water_leak"}
    assert diameters == {"<=300 mm", "301-999 mm", ">=1000 mm"}
    grades = Counter(o.leak_grade for o in orders if o.kind == "gas_leak")
    assert set(grades) == {1, 2, 3}
    assert all(o.due_at is not None for o in orders if o.kind != "gps_install" or o.appointment_end)
    assert all(30.0 < o.site.lat < 30.5 and 119.9 < o.site.lon < 120.5 for o in orders)


def test_demo_histories_run_forward_from_the_report(app: Flask) -> None:
    """Each order was entered when reported and every later step follows the one before;
    order numbers follow the reports (numbers are sortable)."""
    _load(app)
    orders = db.session.scalars(
        select(WorkOrder).order_by(WorkOrder.reported_at, WorkOrder.id)
    ).all()
    for order in orders:
        moments = [e.at for e in sorted(order.events, key=lambda e: e.id)]
        assert moments == sorted(moments), f"{order.number}: history out of order"
        assert moments[0] == order.created_at == order.reported_at, order.number
        on_site = [e.at for e in order.events if e.to_status == "on_site"]
        assert on_site in ([], [order.scheduled_start]), f"{order.number}: on site off its plan"
    same_month = [o.number for o in orders if o.number.startswith(orders[-1].number[:9])]
    assert same_month == sorted(same_month)


def test_demo_logins_work(app: Flask, client: object) -> None:
    _load(app)
    roles = {u.username: u.role for u in db.session.scalars(select(User))}
    assert {roles[n] for n in ("admin", "dispatcher", "agent", "finance", "tech01")} == {
        "admin",
        "dispatcher",
        "agent",
        "finance",
        "technician",
    }
    response = client.post(
        "/api/v1/auth/login", json={"username": "tech01", "password": "demo1234"}
    )  # type: ignore[attr-defined]
    assert response.status_code == 200
    banner = app.test_cli_runner().invoke(args=["demo-banner", "--url", "http://127.0.0.1:5000"])
    assert "http://127.0.0.1:5000" in banner.output
    assert "demo1234" in banner.output


def test_loading_twice_is_refused(app: Flask) -> None:
    _load(app)
    again = app.test_cli_runner().invoke(args=["load-demo"])
    assert again.exit_code == 1
    assert "already has users" in again.output
    assert db.session.scalar(select(func.count()).select_from(WorkOrder)) == 170


def test_create_user_command(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "maria", "--role", "finance", "--password", "s3cret-pass"]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "maria"))
    assert user is not None
    assert user.role == "finance"
    assert user.password_hash.startswith("$argon2id$")
    bad = runner.invoke(args=["create-user", "x", "--role", "finance", "--password", "short"])
    assert bad.exit_code == 1
    assert "too short" in bad.output
