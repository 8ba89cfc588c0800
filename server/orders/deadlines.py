"""Apply the deadline policy to an order."""

from __future__ import annotations

from server.extensions import db
from server.orders.kinds import SIZE_ATTRIBUTE
from server.orders.models import WorkOrder
from server.policy.deadlines import compute_deadlines


def apply_deadlines(order: WorkOrder) -> None:
    attribute = SIZE_ATTRIBUTE.get(order.kind)
    size = getattr(order, attribute) if attribute else None
    with db.session.no_autoflush:  # reading the rules must not flush a half-edited order
        deadlines = compute_deadlines(order.kind, order.reported_at, size, order.appointment_end)
    order.due_at = deadlines.due_at
    order.respond_by = deadlines.respond_by
    order.make_safe_by = deadlines.make_safe_by
    order.size_class = deadlines.size_class
    order.deadline_hard = deadlines.hard
