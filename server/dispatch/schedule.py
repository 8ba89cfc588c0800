"""Put planned stops onto orders: assignment, technician and scheduled times."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from server.accounts.models import User
from server.errors import NotFound
from server.extensions import db
from server.orders.models import WorkOrder
from server.orders.transitions import TransitionRequest, back_to_pool, move


def _order(order_id: int) -> WorkOrder:
    order = db.session.get(WorkOrder, order_id)
    if order is None:
        raise NotFound(f"No order {order_id}.")
    return order


def assign_to(
    actor: User, order: WorkOrder, technician_id: int, now: datetime, notes: str = ""
) -> bool:
    """Assign a ready order, or move an assigned one to another technician (two events);
    ``False`` if it already was that technician's (no transition, no event)."""
    if order.status == "assigned" and order.technician_id == technician_id:
        return False
    if order.status == "assigned":
        back_to_pool(actor, order, notes or "Re-planned", now)
    move(
        actor,
        order,
        TransitionRequest(
            to="assigned", version=order.version, technician_id=technician_id, notes=notes
        ),
        now,
    )
    return True


def place_route(actor: User, route: dict[str, Any], day: date, now: datetime) -> None:
    """Apply one stored route of ``day``'s plan: assign each order in turn and set its day
    and times (flushes only)."""
    for stop in route["stops"]:
        order = _order(stop["order_id"])
        if order.status in ("ready", "assigned"):
            assign_to(actor, order, route["technician_id"], now, notes="Planned by the optimiser")
        order.work_date = day
        order.scheduled_start = datetime.fromisoformat(stop["start"])
        order.scheduled_end = datetime.fromisoformat(stop["end"])
    db.session.flush()


def release_left_out(actor: User, left_out: list[dict[str, Any]], now: datetime) -> None:
    """Orders the plan leaves out go back to the pool, unless started or locked."""
    for row in left_out:
        order = _order(row["order_id"])
        if order.status == "assigned" and not order.locked:
            back_to_pool(actor, order, f"Left out of the plan: {row['reason']}", now)
    db.session.flush()
