"""Each report as rows of plain values over a period of local days."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import func, select

from server.extensions import db
from server.finance.reconcile import ZERO, cash_by_day, handed_by_day
from server.orders.kinds import LEAK_KINDS
from server.orders.models import OrderEvent, WorkOrder
from server.servicedesk.complaints import deadline_state
from server.servicedesk.lateclose import late_closes
from server.servicedesk.models import Callback, Complaint
from server.servicedesk.policy import callback_due, desk_policy
from server.technicians.service import technician_name
from server.timeutil import local_date, local_midnight

Row = dict[str, Any]


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    now: datetime

    @property
    def low(self) -> datetime:
        return local_midnight(self.start)

    @property
    def high(self) -> datetime:
        return local_midnight(self.end + timedelta(days=1))

    @cached_property
    def completed(self) -> list[WorkOrder]:
        """Orders completed in the period, read once for all the reports built on it."""
        query = select(WorkOrder).where(
            WorkOrder.completed_at >= self.low, WorkOrder.completed_at < self.high
        )
        return list(db.session.scalars(query.order_by(WorkOrder.kind, WorkOrder.size_class)))


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def timeliness(period: Period) -> list[Row]:
    """Leak repairs finished by their deadline, per kind and size class, against the target
    (GPS work has no size class: its deadlines are in :func:`sla_by_kind`)."""
    target = float(desk_policy()["timeliness_target"])
    groups: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for order in period.completed:
        if order.kind in LEAK_KINDS and order.due_at and order.completed_at:
            groups[(order.kind, order.size_class)].append(order.completed_at <= order.due_at)
    rows = []
    for (kind, size), results in sorted(groups.items()):
        rate = _rate(sum(results), len(results))
        rows.append({"kind": kind, "size_class": size, "completed": len(results),
                     "on_time": sum(results), "rate": rate, "target": target,
                     "meets_target": rate is not None and rate >= target})  # fmt: skip
    return rows


def sla_by_kind(period: Period) -> list[Row]:
    """Completed on time per kind, and open orders already past their deadline."""
    done: dict[str, list[bool]] = defaultdict(list)
    for order in period.completed:
        if order.due_at is not None and order.completed_at is not None:
            done[order.kind].append(order.completed_at <= order.due_at)
    open_late = Counter(
        db.session.scalars(
            select(WorkOrder.kind).where(
                WorkOrder.completed_at.is_(None),
                WorkOrder.status.not_in(("cancelled", "closed")),
                WorkOrder.due_at < period.now,
            )
        )
    )
    kinds = sorted(set(done) | set(open_late))
    return [
        {"kind": k, "completed": len(done[k]), "on_time": sum(done[k]),
         "rate": _rate(sum(done[k]), len(done[k])), "open_overdue": open_late[k]}
        for k in kinds
    ]  # fmt: skip


def _first_callbacks(period: Period) -> dict[int, datetime]:
    """The first call after each completion in the period, by order, in one query."""
    query = (
        select(Callback.order_id, func.min(Callback.made_at))
        .join(
            WorkOrder,
            (WorkOrder.id == Callback.order_id) & (WorkOrder.completed_at == Callback.completed_at),
        )
        .where(WorkOrder.completed_at >= period.low, WorkOrder.completed_at < period.high)
        .group_by(Callback.order_id)
    )
    return dict(db.session.execute(query).all())


def callbacks(period: Period) -> list[Row]:
    """Per day of completion: called back within the policy's minutes, late, or not yet."""
    days: dict[date, Counter[str]] = defaultdict(Counter)
    firsts = _first_callbacks(period)
    for order in period.completed:
        assert order.completed_at is not None
        first = firsts.get(order.id)
        due = callback_due(order.completed_at)
        state = "missing" if first is None else "within" if first <= due else "late"
        days[local_date(order.completed_at)][state] += 1
    return [
        {"date": d.isoformat(), "completions": sum(c.values()), "within": c["within"],
         "late": c["late"], "missing": c["missing"],
         "rate": _rate(c["within"], sum(c.values()))}
        for d, c in sorted(days.items())
    ]  # fmt: skip


def complaints(period: Period) -> list[Row]:
    """Complaints received in the period by tier, each counted once on each of two
    deadlines: resolution (on time / late or overdue / open in time) and first contact
    (made on time / late or overdue / not made yet, still in time)."""
    query = select(Complaint).where(
        Complaint.received_at >= period.low, Complaint.received_at < period.high
    )
    tiers = [t["tier"] for t in desk_policy()["complaint_tiers"]]
    resolved: dict[str, Counter[str]] = {t: Counter() for t in reversed(tiers)}
    contacted: dict[str, Counter[str]] = defaultdict(Counter)
    for c in db.session.scalars(query):
        resolved.setdefault(c.tier, Counter())[
            deadline_state(c.resolution_due, c.closed_at, period.now)
        ] += 1
        contacted[c.tier][deadline_state(c.first_contact_due, c.first_contact_at, period.now)] += 1
    return [
        {"tier": tier, "total": sum(r.values()), "on_time": r["on_time"],
         "overdue": r["late"] + r["overdue"], "open_in_time": r["pending"],
         "first_contact_on_time": contacted[tier]["on_time"],
         "first_contact_late": contacted[tier]["late"] + contacted[tier]["overdue"],
         "first_contact_pending": contacted[tier]["pending"]}
        for tier, r in resolved.items()
    ]  # fmt: skip


def first_time_fix(period: Period) -> list[Row]:
    """Completed without a return visit: never reopened after a completion."""
    reopened = set(
        db.session.scalars(
            select(OrderEvent.order_id).where(
                OrderEvent.from_status == "completed", OrderEvent.to_status == "ready"
            )
        )
    )
    groups: dict[str, list[bool]] = defaultdict(list)
    for order in period.completed:
        groups[order.kind].append(order.id not in reopened)
    return [
        {"kind": k, "completed": len(v), "first_time": sum(v), "rate": _rate(sum(v), len(v))}
        for k, v in sorted(groups.items())
    ]


def late_closes_by_month(period: Period) -> list[Row]:
    counts: Counter[tuple[str, int | None]] = Counter()
    for item in late_closes(period.start, period.end + timedelta(days=1), period.now):
        assert item.order.completed_at is not None
        month = local_date(item.order.completed_at).strftime("%Y-%m")
        counts[(month, item.order.technician_id)] += 1
    rows = []
    for (month, tech_id), count in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1])):
        rows.append({"month": month, "technician_id": tech_id,
                     "technician_name": technician_name(tech_id), "count": count})  # fmt: skip
    return rows


def fees(period: Period) -> list[Row]:
    """Cash collected (less reversals) and handed in, per local day."""
    collected: dict[date, Any] = defaultdict(lambda: ZERO)
    handed: dict[date, Any] = defaultdict(lambda: ZERO)
    for (_tech, day), amount in cash_by_day(None, period.start, period.end).items():
        collected[day] += amount
    for (_tech, day), amount in handed_by_day(None, period.start, period.end).items():
        handed[day] += amount
    return [
        {"date": d.isoformat(), "collected_cash": f"{collected[d]:.2f}",
         "handed_over": f"{handed[d]:.2f}", "difference": f"{collected[d] - handed[d]:.2f}"}
        for d in sorted(set(collected) | set(handed))
    ]  # fmt: skip


REPORTS = {
    "timeliness": ("Repair timeliness per size class", timeliness),
    "sla_by_kind": ("SLA compliance by kind", sla_by_kind),
    "callbacks": ("Callbacks within the deadline", callbacks),
    "complaints": ("Complaints by tier", complaints),
    "first_time_fix": ("First-time fix rate", first_time_fix),
    "late_closes": ("Late closes per technician per month", late_closes_by_month),
    "fees": ("Fees collected vs handed in (cash)", fees),
}
