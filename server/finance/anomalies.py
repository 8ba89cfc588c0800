"""The patterns of money collected privately: fees without work, work without fees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from server.extensions import db
from server.finance.models import FeeEntry
from server.finance.policy import is_chargeable
from server.finance.service import ENTRY_RELATIONS
from server.orders.models import WorkOrder
from server.timeutil import local_midnight

DONE = ("completed", "closed")


@dataclass(frozen=True)
class FeeAnomaly:
    entry: FeeEntry
    reason: str


def _reason(entry: FeeEntry) -> str | None:
    order = entry.order
    if order is None:
        return "no_order"
    if order.status not in DONE:
        return "order_not_completed"
    if order.technician_id != entry.technician_id:
        return "other_technician"
    return None


def fees_without_completion(start: date, end: date) -> list[FeeAnomaly]:
    """Unreversed collections whose order is missing, unfinished or someone else's."""
    query = (
        select(FeeEntry)
        .options(*ENTRY_RELATIONS)
        .where(
            FeeEntry.entry_type == "collection",
            FeeEntry.collected_at >= local_midnight(start),
            FeeEntry.collected_at < local_midnight(end + timedelta(days=1)),
        )
        .order_by(FeeEntry.collected_at)
    )
    found = []
    for entry in db.session.scalars(query):
        reason = _reason(entry)
        if reason and entry.reversal is None:
            found.append(FeeAnomaly(entry, reason))
    return found


def completions_without_fee(start: date, end: date) -> list[WorkOrder]:
    """Chargeable work completed on ``start..end`` with no fee (net of reversals) on it."""
    fees = (
        select(FeeEntry.order_id, func.sum(FeeEntry.amount).label("net"))
        .group_by(FeeEntry.order_id)
        .subquery()
    )
    query = (
        select(WorkOrder, fees.c.net)
        .outerjoin(fees, fees.c.order_id == WorkOrder.id)
        .where(
            WorkOrder.status.in_(DONE),
            WorkOrder.completed_at >= local_midnight(start),
            WorkOrder.completed_at < local_midnight(end + timedelta(days=1)),
        )
        .order_by(WorkOrder.completed_at)
    )
    return [
        order
        for order, net in db.session.execute(query)
        if is_chargeable(order) and Decimal(net or 0) <= 0
    ]


def anomalies(start: date, end: date) -> dict[str, list[object]]:
    return {
        "fees_without_completion": list(fees_without_completion(start, end)),
        "completions_without_fee": list(completions_without_fee(start, end)),
    }
