"""Play the demo day up to now: approvals, assignments, work started and finished."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from server.orders.models import WorkOrder
from server.orders.transitions import TransitionRequest, move
from server.technicians.models import Technician

STEPS = {
    "ready": (),
    "assigned": ("assigned",),
    "en_route": ("assigned", "en_route"),
    "on_site": ("assigned", "en_route", "on_site"),
    "completed": ("assigned", "en_route", "on_site", "completed"),
}
ORDER_OF_DAY = {"completed": 0, "on_site": 1, "en_route": 1, "assigned": 2}
TRAVEL = timedelta(minutes=25)
#: How long after its report an order is approved, and before its assignment at the latest.
APPROVAL_LEAD = timedelta(minutes=10)


def _step(order: WorkOrder, to: str, technician: Technician, at: datetime) -> None:
    in_field = to in ("en_route", "on_site", "completed")
    request = TransitionRequest(
        to=to,
        version=order.version,
        technician_id=technician.id if to == "assigned" else None,
        notes="Found the fault, repaired and tested; customer informed."
        if to == "completed"
        else "",
        device_at=at if in_field else None,
    )
    move(None, order, request, at)


def _timeline(
    jobs: list[tuple[dict[str, Any], WorkOrder]], now: datetime, idle: timedelta
) -> list[datetime]:
    """Start times: finished work before now, the current job at now, the rest after.

    ``idle`` is how long ago the last finished job ended (beyond the drive), so that the
    technicians did not all finish at the same minute.
    """
    done = sum(1 for row, _ in jobs if row["state"] == "completed")
    starts, clock = [], now
    for _row, order in jobs[done:]:
        starts.append(clock)
        clock += timedelta(minutes=order.duration_min) + TRAVEL
    clock, before = now - idle, []
    for _row, order in reversed(jobs[:done]):
        clock -= timedelta(minutes=order.duration_min) + TRAVEL
        before.append(clock)
    return [*reversed(before), *starts]


def _stagger(jobs: list[tuple[dict[str, Any], WorkOrder]]) -> timedelta:
    """0-39 minutes, different from one technician's day to the next."""
    return timedelta(minutes=sum(order.id for _row, order in jobs) * 7 % 40)


def play_day(
    pairs: list[tuple[dict[str, Any], WorkOrder]], techs: dict[str, Technician], now: datetime
) -> None:
    """Approve the orders meant to be ready, then work each technician's day."""
    by_tech: dict[str, list[tuple[dict[str, Any], WorkOrder]]] = defaultdict(list)
    for row, order in pairs:
        if row.get("technician"):
            by_tech[row["technician"]].append((row, order))
    starts: dict[int, datetime] = {}
    for jobs in by_tech.values():
        jobs.sort(key=lambda job: ORDER_OF_DAY[job[0]["state"]])
        starts.update(
            zip((o.id for _, o in jobs), _timeline(jobs, now, _stagger(jobs)), strict=True)
        )
    for row, order in pairs:
        if order.status == "new" and row["state"] != "new":
            _approve(order, _approval_moment(order, starts.get(order.id), now))
    for username, jobs in by_tech.items():
        for row, order in jobs:
            _work(row, order, techs[username], starts[order.id], now)


def _approval_moment(order: WorkOrder, start: datetime | None, now: datetime) -> datetime:
    """Two hours ago, or before the order's assignment, but not before it was reported."""
    at = now - timedelta(hours=2)
    if start is not None:
        at = min(at, _assigned_at(start, now) - APPROVAL_LEAD)
    return min(max(at, order.created_at + APPROVAL_LEAD), now)


def _approve(order: WorkOrder, at: datetime) -> None:
    move(None, order, TransitionRequest(to="ready", version=order.version, notes="Approved"), at)


def _assigned_at(start: datetime, now: datetime) -> datetime:
    return min(start, now) - timedelta(hours=1)


def _work(
    row: dict[str, Any], order: WorkOrder, technician: Technician, start: datetime, now: datetime
) -> None:
    order.scheduled_start = start
    order.scheduled_end = start + timedelta(minutes=order.duration_min)
    moments = {
        "assigned": _assigned_at(start, now),
        "en_route": start - TRAVEL,
        "on_site": start,
        "completed": order.scheduled_end,
    }
    for to in STEPS[row["state"]]:
        _step(order, to, technician, min(moments[to], now))
