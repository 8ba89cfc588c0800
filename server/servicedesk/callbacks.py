"""The callback queue: every completed order, called back within the policy's minutes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.accounts.models import User
from server.errors import Conflict
from server.extensions import db
from server.orders.models import WorkOrder
from server.orders.service import get_order
from server.orders.transitions import TransitionRequest, move
from server.servicedesk.models import Callback, SmsMessage
from server.servicedesk.notify import send_sms
from server.servicedesk.policy import callback_due
from server.timeutil import utcnow

SMS_TEXT = (
    "We tried to call you about work order {number}, completed today. "
    "Reply to this message or call the service line if anything is not right."
)


@dataclass(frozen=True)
class QueueItem:
    order: WorkOrder
    due_at: datetime
    attempts: list[Callback]


def _attempts_by_order() -> dict[int, list[Callback]]:
    """Every call made since the latest completion of each order awaiting one, in one query."""
    query = (
        select(Callback)
        .join(
            WorkOrder,
            (WorkOrder.id == Callback.order_id) & (WorkOrder.completed_at == Callback.completed_at),
        )
        .where(WorkOrder.status == "completed")
        .options(selectinload(Callback.agent))
        .order_by(Callback.id)
    )
    found: dict[int, list[Callback]] = defaultdict(list)
    for callback in db.session.scalars(query):
        found[callback.order_id].append(callback)
    return found


def callback_queue() -> list[QueueItem]:
    """Completed orders awaiting their callback, the most urgent first."""
    attempts = _attempts_by_order()
    orders = db.session.scalars(
        select(WorkOrder)
        .where(WorkOrder.status == "completed")
        .options(selectinload(WorkOrder.customer), selectinload(WorkOrder.technician))
        .order_by(WorkOrder.completed_at)
    )
    return [
        QueueItem(order, callback_due(order.completed_at), attempts[order.id])
        for order in orders
        if order.completed_at is not None
    ]


@dataclass(frozen=True)
class Outcome:
    order_id: int
    outcome: str
    score: int | None = None
    notes: str = ""


def _follow_up(actor: User, order: WorkOrder, outcome: Outcome, now: datetime) -> None:
    """Satisfied closes the order, not satisfied reopens it, unreachable sends an SMS."""
    said = f"Callback: {outcome.outcome.replace('_', ' ')}" + (
        f", score {outcome.score}" if outcome.score else ""
    )
    notes = f"{said}. {outcome.notes}".strip()
    if outcome.outcome == "satisfied":
        move(actor, order, TransitionRequest(to="closed", version=order.version, notes=notes), now)
    elif outcome.outcome == "not_satisfied":
        move(actor, order, TransitionRequest(to="ready", version=order.version, notes=notes), now)
    else:
        send_sms(order.customer.phone, SMS_TEXT.format(number=order.number), order.id)


def record_callback(actor: User, outcome: Outcome, now: datetime | None = None) -> Callback:
    """Record the call's outcome and act on it, in one transaction."""
    now = now or utcnow()
    order = get_order(actor, outcome.order_id)
    if order.status != "completed" or order.completed_at is None:
        raise Conflict(
            f"Only completed orders await a callback; this one is {order.status}.",
            code="not_awaiting_callback",
            details={"status": order.status},
        )
    callback = Callback(
        order_id=order.id,
        completed_at=order.completed_at,
        due_at=callback_due(order.completed_at),
        made_at=now,
        agent_id=actor.id,
        outcome=outcome.outcome,
        score=outcome.score,
        notes=outcome.notes,
    )
    db.session.add(callback)
    _follow_up(actor, order, outcome, now)
    db.session.commit()
    return callback


def sms_messages(limit: int = 100) -> list[SmsMessage]:
    return list(db.session.scalars(select(SmsMessage).order_by(SmsMessage.id.desc()).limit(limit)))
