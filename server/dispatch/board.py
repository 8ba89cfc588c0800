"""The dispatcher's board: technicians, open orders with urgency, routes and reasons."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from server.dispatch.models import AWAITING_REVIEW, DispatchPlan
from server.dispatch.overrides import CURRENT, in_sequence
from server.dispatch.problem import has_fix_on, work_day
from server.extensions import db
from server.orders.models import OPEN_STATUSES, OrderEvent, WorkOrder
from server.orders.transitions import latest_moves
from server.technicians.models import Technician
from server.timeutil import local_date, local_midnight, utcnow


def urgency(order: WorkOrder, now: datetime) -> str:
    """overdue / due within 2 h / due today / later (by the earliest deadline it has)."""
    deadline = (
        order.respond_by
        if order.respond_by and order.status in ("ready", "assigned")
        else order.due_at
    )
    if deadline is None:
        return "later"
    if deadline < now:
        return "overdue"
    if deadline <= now + timedelta(hours=2):
        return "due_2h"
    return "today" if local_date(deadline) == local_date(now) else "later"


def _position(tech: Technician, day: date) -> dict[str, Any]:
    if has_fix_on(tech, day):
        return {"lat": tech.last_lat, "lon": tech.last_lon, "source": "gps", "at": tech.last_fix_at}
    return {"lat": tech.home_lat, "lon": tech.home_lon, "source": "home", "at": None}


def _orders(day: date) -> list[WorkOrder]:
    start, end = local_midnight(day), local_midnight(day + timedelta(days=1))
    finished_that_day = WorkOrder.completed_at >= start, WorkOrder.completed_at < end
    query = select(WorkOrder).where(
        or_(WorkOrder.status.in_(OPEN_STATUSES), and_(*finished_that_day))
    )
    return list(db.session.scalars(query.order_by(WorkOrder.id)))


def _latest_plan(day: date, *only: ColumnElement[bool]) -> DispatchPlan | None:
    query = select(DispatchPlan).where(DispatchPlan.plan_date == day, *only)
    return db.session.scalar(query.order_by(DispatchPlan.id.desc()).limit(1))


def _reasons(day: date) -> dict[int, str]:
    plan = _latest_plan(day, DispatchPlan.status == "done")
    return {row["order_id"]: row["reason"] for row in (plan.unassigned if plan else [])}


def _sequences(orders: list[WorkOrder], day: date, today: date) -> dict[int, list[int]]:
    """Each technician's current orders of ``day`` in planned order, from the board's orders."""
    by_technician: dict[int, list[WorkOrder]] = defaultdict(list)
    for order in orders:
        technician = order.technician_id
        if technician is not None and order.status in CURRENT and work_day(order, today) == day:
            by_technician[technician].append(order)
    return {t: [o.id for o in in_sequence(own)] for t, own in by_technician.items()}


def _hold_reasons(orders: list[WorkOrder]) -> dict[int, str]:
    """Why each held order was put on hold: the notes of its latest move to ``on_hold``."""
    return {i: event.notes for i, event in latest_moves(orders, "on_hold").items()}


def stamp() -> int:
    """Changes whenever an order event is written: the console refreshes when it moves."""
    return int(db.session.scalar(select(func.max(OrderEvent.id))) or 0)


@dataclass(frozen=True)
class BoardOrder:
    order: WorkOrder
    urgency: str
    unassigned_reason: str | None
    hold_reason: str | None = None


@dataclass(frozen=True)
class BoardTechnician:
    technician: Technician
    position: dict[str, Any]
    sequence: list[int]


def _emergency_today(day: date, today: date) -> DispatchPlan | None:
    """Today's newest plan when it is an emergency re-plan still to commit, while the
    console shows another day (on today's board it is the latest plan anyway)."""
    plan = None if day == today else _latest_plan(today)
    if plan is None or plan.committed_at is not None or plan.status not in AWAITING_REVIEW:
        return None
    return plan if plan.trigger.startswith("emergency") else None


def build_board(day: date, now: datetime) -> dict[str, Any]:
    """Everything the console draws for ``day``."""
    today = local_date(now)
    reasons, open_orders = _reasons(day), _orders(day)
    held = _hold_reasons(open_orders)
    orders = [
        BoardOrder(
            o,
            urgency(o, now),
            reasons.get(o.id) if o.status == "ready" else None,
            held.get(o.id),
        )
        for o in open_orders
    ]
    sequences = _sequences(open_orders, day, today)
    technicians = [
        BoardTechnician(t, _position(t, day), sequences.get(t.id, []))
        for t in db.session.scalars(select(Technician).order_by(Technician.id))
    ]
    return {
        "date": day,
        "today": today,
        "now": now,
        "stamp": stamp(),
        "technicians": technicians,
        "orders": orders,
        "latest_plan": _latest_plan(day),
        "emergency_today": _emergency_today(day, today),
    }


def board_for(day: date | None) -> dict[str, Any]:
    """The board of ``day``, or of the operator's today when no day is asked for."""
    now = utcnow()
    return build_board(day or local_date(now), now)
