"""Moving an order along its life cycle, recorded as an event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from server.accounts.models import User
from server.audit import service as audit
from server.errors import Conflict, Forbidden, ValidationFailed
from server.extensions import db
from server.orders.access import check_version, current_state, own_technician_id
from server.orders.lifecycle import NOTES_REQUIRED, is_allowed, role_may
from server.orders.models import OrderEvent, WorkOrder
from server.orders.service import get_order
from server.technicians.models import Technician
from server.technicians.service import get_technician
from server.timeutil import utcnow


@dataclass(frozen=True)
class TransitionRequest:
    to: str
    version: int
    notes: str = ""
    technician_id: int | None = None
    device_at: datetime | None = None


def _check_actor(actor: User, order: WorkOrder, to: str) -> None:
    if not role_may(actor.role, order.status, to):
        raise Forbidden(f"The {actor.role} role cannot move an order to {to}.")
    if actor.role == "technician" and order.technician_id != own_technician_id(actor):
        raise Forbidden("This order is not assigned to you.", code="not_your_order")


def _check_transition(order: WorkOrder, request: TransitionRequest) -> None:
    if not is_allowed(order.status, request.to):
        raise Conflict(
            f"An order that is {order.status} cannot become {request.to}.",
            code="illegal_transition",
            details=current_state(order),
        )
    if request.to in NOTES_REQUIRED and not request.notes.strip():
        what = "handling notes" if request.to == "completed" else "the reason"
        raise ValidationFailed(f"Give {what}.", details={"notes": [f"Required for {request.to}."]})


def check_assignable(order: WorkOrder, technician: Technician) -> None:
    if not technician.active:
        raise ValidationFailed(
            "Inactive technician.", details={"technician_id": ["Is not active."]}
        )
    if order.skill not in technician.skills:
        raise ValidationFailed(
            "The technician lacks the skill.",
            details={"technician_id": [f"Has no {order.skill} skill."]},
        )


def _apply(order: WorkOrder, request: TransitionRequest, now: datetime) -> None:
    if request.to == "assigned":
        if request.technician_id is None:
            raise ValidationFailed("Say who.", details={"technician_id": ["Required to assign."]})
        # held: not taken off the plan until this assignment commits
        technician = get_technician(request.technician_id, hold=True)
        check_assignable(order, technician)
        order.technician_id = technician.id
    elif request.to == "ready":
        order.technician_id, order.scheduled_start, order.scheduled_end = None, None, None
        order.work_date = None
        order.locked = False
    if request.to == "completed":
        order.completed_at = request.device_at or now
    if request.to == "closed":
        order.closed_at = now
    order.status = request.to


def move(actor: User | None, order: WorkOrder, request: TransitionRequest, now: datetime) -> None:
    """Check and apply one transition, with its event and audit entry (flushes only)."""
    if actor is not None:
        _check_actor(actor, order, request.to)
    check_version(order, request.version)
    _check_transition(order, request)
    before = order.status
    _apply(order, request, now)
    db.session.add(
        OrderEvent(
            order=order,
            type="transition",
            at=now,
            device_at=request.device_at,
            actor_id=actor.id if actor else None,
            from_status=before,
            to_status=request.to,
            technician_id=order.technician_id,
            notes=request.notes,
        )
    )
    audit.record(actor, "order", order.id, "transition", {"status": [before, request.to]})
    db.session.flush()


def back_to_pool(actor: User | None, order: WorkOrder, notes: str, now: datetime) -> None:
    """Take an assigned order off its technician's day, back to the pool (flushes only)."""
    move(actor, order, TransitionRequest(to="ready", version=order.version, notes=notes), now)


def transition(actor: User, order_id: int, request: TransitionRequest) -> WorkOrder:
    """Move the order along its life cycle as ``actor``, in one transaction."""
    order = get_order(actor, order_id)
    move(actor, order, request, utcnow())
    db.session.commit()
    return order


def latest_moves(orders: list[WorkOrder], status: str) -> dict[int, OrderEvent]:
    """The event that last moved each of ``orders`` now in ``status`` into it (one query)."""
    ids = [o.id for o in orders if o.status == status]
    if not ids:
        return {}
    query = (
        select(OrderEvent)
        .where(OrderEvent.order_id.in_(ids), OrderEvent.to_status == status)
        .order_by(OrderEvent.id)
    )
    return {event.order_id: event for event in db.session.scalars(query)}
