"""PostgreSQL: racing duplicate pushes on two connections, and pull cursors under
concurrent commits. Each thread has its own app context, hence its own connection."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from server.extensions import db
from server.finance.models import FeeEntry
from server.orders.models import WorkOrder
from server.sync import changes
from server.sync.models import SyncChange, SyncMutation
from tests.factories import make_order
from tests.fieldwork.test_iccid import with_check_digit
from tests.sync.conftest import Phone, assign, reload


def run_together(app: Flask, *jobs: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def worker(index: int, job: Callable[[], Any]) -> None:
        with app.app_context():
            barrier.wait()
            try:
                results[index] = job()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i, j)) for i, j in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.usefixtures("postgres_only")
def test_racing_duplicate_pushes_have_one_effect(
    app: Flask, phone: Phone, order: WorkOrder, part: Any
) -> None:
    sims = [with_check_digit(f"89860{n:013d}") for n in range(40)]
    for round_no in range(8):
        batch = [
            phone.mutation(
                "fee.collect",
                order.id,
                {"amount": "10.00", "method": "cash", "receipt_no": f"R-{round_no}"},
            ),
            phone.mutation("part.use", order.id, {"part_id": part.id}),
            phone.mutation(
                "sim.swap",
                order.id,
                {"old_iccid": sims[2 * round_no], "new_iccid": sims[2 * round_no + 1]},
            ),
        ]
        if round_no == 0:
            batch.insert(0, phone.mutation("order.arrived", order.id))

        def push(batch: list[dict[str, Any]] = batch) -> list[str]:
            client = app.test_client()
            response = client.post(
                "/api/v1/sync/push",
                json={"device_id": phone.device_id, "mutations": batch},
                headers=phone.headers,
            )
            assert response.status_code == 200, response.json
            return [r["status"] for r in response.json["results"]]

        first, second = run_together(app, push, push)
        for a, b in zip(first, second, strict=True):
            assert sorted([a, b]) == ["applied", "duplicate"], (first, second)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(FeeEntry)) == 8
    assert db.session.scalar(select(func.count()).select_from(SyncMutation)) == 25
    assert reload(order.id).status == "on_site"
    detail = phone.client.get(f"/api/v1/orders/{order.id}", headers=phone.headers).json
    assert (len(detail["parts"]), len(detail["swaps"])) == (8, 8)


@pytest.mark.usefixtures("postgres_only")
def test_pull_cursor_never_skips_a_late_commit(app: Flask, phone: Phone, technician: Any) -> None:
    """A holds change number n and commits late; B, taking n+1, must wait for A."""
    slow, fast = make_order("water_leak"), make_order("water_leak")
    assign(slow, technician)
    assign(fast, technician)
    cursor = phone.pull(0)["cursor"]
    a_holds, log = threading.Event(), []

    def slow_writer() -> int:
        change_no = changes.next_change_no(db.session())
        db.session.add(
            SyncChange(change_no=change_no, order_id=slow.id, technician_id=technician.id)
        )
        db.session.flush()
        a_holds.set()
        time.sleep(1.0)
        log.append("A commits")
        db.session.commit()
        return change_no

    def fast_writer() -> int:
        a_holds.wait(5)
        order = db.session.get_one(WorkOrder, fast.id)
        order.priority = 1
        db.session.commit()
        log.append("B committed")
        return int(db.session.scalar(select(func.max(SyncChange.change_no))) or 0)

    def reader() -> dict[str, Any]:
        a_holds.wait(5)
        time.sleep(0.4)  # B is now queued on the counter row behind A
        body: dict[str, Any] = (
            app.test_client().get(f"/api/v1/sync/pull?cursor={cursor}", headers=phone.headers).json
        )
        return body

    a_no, b_no, mid = run_together(app, slow_writer, fast_writer, reader)
    assert log == ["A commits", "B committed"]
    assert b_no > a_no
    assert mid["changes"] == []
    assert mid["cursor"] == cursor
    after = phone.pull(cursor)
    assert [c["order_id"] for c in after["changes"]] == [slow.id, fast.id]
