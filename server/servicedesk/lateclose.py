"""Late closes: completed but not closed by the end of the next day, counted per month."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from server.extensions import db
from server.orders.models import WorkOrder
from server.servicedesk.policy import close_deadline
from server.technicians.service import technician_name
from server.timeutil import local_midnight, utcnow


@dataclass(frozen=True)
class LateClose:
    order: WorkOrder
    deadline: datetime


def is_late_close(order: WorkOrder, now: datetime) -> bool:
    """Closed after the deadline, or still completed and past it."""
    if order.completed_at is None:
        return False
    deadline = close_deadline(order.completed_at)
    if order.closed_at is not None:
        return order.closed_at > deadline
    return order.status == "completed" and now > deadline


def late_closes(start: date, end_exclusive: date, now: datetime | None = None) -> list[LateClose]:
    """Orders completed on local days ``start`` up to ``end_exclusive`` that closed late."""
    now = now or utcnow()
    query = (
        select(WorkOrder)
        .where(
            WorkOrder.completed_at >= local_midnight(start),
            WorkOrder.completed_at < local_midnight(end_exclusive),
            WorkOrder.status.in_(("completed", "closed")),
        )
        .order_by(WorkOrder.completed_at)
    )
    return [
        LateClose(order, close_deadline(order.completed_at))
        for order in db.session.scalars(query)
        if order.completed_at is not None and is_late_close(order, now)
    ]


def per_technician(items: list[LateClose]) -> list[dict[str, object]]:
    counts = Counter(item.order.technician_id for item in items)
    return [
        {"technician_id": tech_id, "technician_name": technician_name(tech_id), "count": count}
        for tech_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] or 0))
    ]


def month_report(month: date, now: datetime | None = None) -> dict[str, object]:
    first = month.replace(day=1)
    following = first.replace(year=first.year + (first.month == 12), month=first.month % 12 + 1)
    items = late_closes(first, following, now)
    return {
        "month": month.strftime("%Y-%m"),
        "items": items,
        "per_technician": per_technician(items),
    }
