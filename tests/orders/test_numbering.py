"""Order numbers WO-YYYYMM-NNNN: monthly serials in the operator's zone, unique under load."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask

from server.extensions import db
from server.orders.models import WorkOrder
from server.orders.numbering import next_number
from server.orders.service import add_order
from server.policy import service as policy
from tests.factories import make_customer, make_order


def test_serials_restart_each_local_month(app: Flask) -> None:
    november = datetime(2026, 11, 5, 3, 0, tzinfo=UTC)
    assert next_number(november) == "WO-202611-0001"
    assert next_number(november) == "WO-202611-0002"
    # 17:00 UTC on 30 November is 01:00 on 1 December in Shanghai
    assert next_number(datetime(2026, 11, 30, 17, 0, tzinfo=UTC)) == "WO-202612-0001"
    # 15:59 UTC on 30 November is 23:59 on 30 November in Shanghai: still November
    assert next_number(datetime(2026, 11, 30, 15, 59, tzinfo=UTC)) == "WO-202611-0003"
    assert next_number(datetime(2026, 12, 31, 16, 0, tzinfo=UTC)) == "WO-202701-0001"
    assert next_number(datetime(2026, 12, 2, tzinfo=UTC)) == "WO-202612-0002"
    db.session.commit()
    assert next_number(november) == "WO-202611-0004"  # the counter was stored


def test_orders_take_the_number_of_their_creation_month(app: Flask) -> None:
    customer = make_customer()
    data = {"kind": "water_leak", "customer_id": customer.id, "site_id": customer.sites[0].id}
    moments = [(11, 30, 15, 0), (11, 30, 16, 0), (11, 30, 16, 30)]
    orders = [
        add_order(None, {**data, "pipe_diameter_mm": 200}, now=datetime(2026, *m, tzinfo=UTC))
        for m in moments
    ]
    db.session.commit()
    assert [o.number for o in orders] == ["WO-202611-0001", "WO-202612-0001", "WO-202612-0002"]
    assert make_order().number.startswith("WO-")


THREADS = 8
PER_THREAD = 3


def test_concurrent_creation_gives_unique_consecutive_numbers(app: Flask, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite serialises all writers; real concurrency needs PostgreSQL")
    policy.kind_policies()  # seed the default policies once, before the race
    customer = make_customer()
    customer_id, site_id = customer.id, customer.sites[0].id
    now = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    start = threading.Barrier(THREADS)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def create() -> None:
        try:
            with app.app_context():
                start.wait(timeout=30)
                for _ in range(PER_THREAD):
                    data: dict[str, Any] = {
                        "kind": "water_leak",
                        "customer_id": customer_id,
                        "site_id": site_id,
                        "pipe_diameter_mm": 250,
                    }
                    order = add_order(None, data, now=now)
                    db.session.commit()
                    with lock:
                        numbers.append(order.number)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=create) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    total = THREADS * PER_THREAD
    assert len(numbers) == total
    assert sorted(numbers) == [f"WO-202611-{n:04d}" for n in range(1, total + 1)]
    db.session.rollback()
    stored = db.session.scalars(db.select(WorkOrder.number)).all()
    assert sorted(stored) == sorted(numbers)
