"""A dispatcher's manual changes: assign or move an order, unassign it, lock it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import select

import routing
from server.accounts.models import User
from server.audit import service as audit
from server.dispatch.problem import build_day_problem, work_day
from server.dispatch.schedule import assign_to
from server.errors import Conflict, ValidationFailed
from server.extensions import db
from server.orders.access import check_version
from server.orders.models import OrderEvent, WorkOrder
from server.orders.service import get_order
from server.orders.transitions import TransitionRequest, check_assignable, move
from server.technicians.models import Technician
from server.technicians.service import get_technician
from server.timeutil import at_local, local_date, utcnow

MOVABLE = ("ready", "assigned")


def _check_shift(order: WorkOrder, technician: Technician, day: date, now: datetime) -> None:
    shift_start, shift_end = (
        at_local(day, technician.shift_start),
        at_local(day, technician.shift_end),
    )
    if shift_end <= now:
        raise ValidationFailed(
            "The shift is over.",
            details={"technician_id": [f"The shift ended at {technician.shift_end:%H:%M}."]},
        )
    start, end = order.appointment_start, order.appointment_end
    if start and end and (end <= shift_start or start >= shift_end):
        raise ValidationFailed(
            "The appointment is outside the shift.",
            details={
                "technician_id": [
                    f"Works {technician.shift_start:%H:%M}-{technician.shift_end:%H:%M}."
                ]
            },
        )


CURRENT = ("assigned", "en_route", "on_site")


def in_sequence(orders: Iterable[WorkOrder]) -> list[WorkOrder]:
    """Orders in their planned order: started work first, then by scheduled start."""
    return sorted(
        orders, key=lambda o: (o.status == "assigned", o.scheduled_start or o.created_at, o.id)
    )


def day_sequence(technician_id: int, day: date, now: datetime) -> list[WorkOrder]:
    """A technician's current orders of ``day`` (see :func:`work_day`) in their planned order."""
    query = select(WorkOrder).where(
        WorkOrder.technician_id == technician_id, WorkOrder.status.in_(CURRENT)
    )
    today = local_date(now)
    return in_sequence(o for o in db.session.scalars(query) if work_day(o, today) == day)


def reschedule(technician_ids: set[int], day: date, now: datetime) -> None:
    """Recompute the times of these technicians' ``day`` from their current sequences."""
    db.session.flush()
    problem = build_day_problem(day, now)
    routes = {
        str(t): [str(o.id) for o in day_sequence(t, day, now) if str(o.id) in problem.orders]
        for t in technician_ids
    }
    plan = routing.evaluate(problem.problem, routes)
    for route in plan.routes:
        for visit in route.visits:
            order = problem.orders[visit.stop_id]
            order.scheduled_start, order.scheduled_end = (
                problem.moment(visit.start),
                problem.moment(visit.end),
            )


def _reorder(
    order: WorkOrder, technician: Technician, position: int | None, day: date, now: datetime
) -> None:
    """Give ``order`` a provisional start that sorts it at ``position`` in ``day``'s sequence."""
    others = [o for o in day_sequence(technician.id, day, now) if o.id != order.id]
    index = len(others) if position is None else max(0, min(position, len(others)))
    before = others[index - 1].scheduled_start if index > 0 else None
    after = others[index].scheduled_start if index < len(others) else None
    step = timedelta(seconds=1)
    if before and after:
        order.scheduled_start = before + (after - before) / 2
    elif before:
        order.scheduled_start = before + step
    elif after:
        order.scheduled_start = after - step
    else:
        order.scheduled_start = max(now, at_local(day, technician.shift_start))


def assign_order(
    actor: User,
    order_id: int,
    technician_id: int,
    version: int,
    position: int | None = None,
    day: date | None = None,
) -> WorkOrder:
    """Assign (or move) an order to a technician at a position in their ``day`` (today if
    not given; a later day plans ahead, as a committed plan for that day does)."""
    order = get_order(actor, order_id)
    check_version(order, version)
    if order.status not in MOVABLE or order.locked:
        raise Conflict(
            f"A {order.status}{' locked' if order.locked else ''} order cannot be moved.",
            code="not_movable",
            details={"status": order.status, "version": order.version},
        )
    technician = get_technician(technician_id)
    check_assignable(order, technician)
    now = utcnow()
    today = local_date(now)
    previous, was = order.technician_id, work_day(order, today)
    day = day or (was if previous else today)  # a move without a day keeps the order's
    _check_shift(order, technician, day, now)
    if not assign_to(actor, order, technician.id, now, notes="Assigned by hand"):
        _record_move(actor, order, day)
    order.work_date = day
    _reorder(order, technician, position, day, now)
    reschedule({technician.id}, day, now)
    if previous:
        reschedule({previous}, was, now)
    db.session.commit()
    return order


def _record_move(actor: User, order: WorkOrder, day: date) -> None:
    """A move within one technician's days is no transition: record it as an event (the
    console refreshes on events) and in the audit log."""
    notes = f"Moved by hand within {day.isoformat()}"
    db.session.add(
        OrderEvent(
            order=order,
            type="rescheduled",
            actor_id=actor.id,
            notes=notes,
            technician_id=order.technician_id,
        )
    )
    audit.record(actor, "order", order.id, "rescheduled", {"day": day.isoformat()})


def unassign_order(actor: User, order_id: int, version: int) -> WorkOrder:
    order = get_order(actor, order_id)
    now = utcnow()
    previous, was = order.technician_id, work_day(order, local_date(now))
    move(
        actor,
        order,
        TransitionRequest(to="ready", version=version, notes="Unassigned by hand"),
        now,
    )
    if previous:
        reschedule({previous}, was, now)
    db.session.commit()
    return order


def lock_order(actor: User, order_id: int, version: int, locked: bool) -> WorkOrder:
    """Lock an assignment so that optimisation keeps it where it is (or unlock it)."""
    order = get_order(actor, order_id)
    check_version(order, version)
    if locked and order.technician_id is None:
        raise Conflict(
            "Only an assigned order can be locked.",
            code="not_assigned",
            details={"status": order.status, "version": order.version},
        )
    order.locked = locked
    db.session.add(
        OrderEvent(
            order=order,
            type="locked" if locked else "unlocked",
            actor_id=actor.id,
            technician_id=order.technician_id,
        )
    )
    audit.record(actor, "order", order.id, "locked" if locked else "unlocked", {})
    db.session.commit()
    return order
