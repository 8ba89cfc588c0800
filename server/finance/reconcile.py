"""Reconciliation: cash collected vs handed in per technician and local day, to the cent."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute

from server.accounts.models import User
from server.extensions import db
from server.finance.access import visible_technician
from server.finance.models import CashHandover, FeeEntry
from server.policy.calendar import next_working_day
from server.technicians.models import Technician
from server.timeutil import local_date, local_midnight, utcnow

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
Key = tuple[int, date]


@dataclass(frozen=True)
class ReconciliationRow:
    technician_id: int
    date: date
    collected_cash: Decimal
    handed_over: Decimal

    @property
    def difference(self) -> Decimal:
        return (self.collected_cash - self.handed_over).quantize(CENT)


def _window(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    low = local_midnight(start) if start else None
    return low, local_midnight(end + timedelta(days=1)) if end else None


def cash_by_day(
    technician_id: int | None, start: date | None, end: date | None
) -> dict[Key, Decimal]:
    """Cash collections less their reversals, by technician and local day of collection."""
    cash = FeeEntry.method == "cash"
    return _sum_by_day(FeeEntry, FeeEntry.collected_at, technician_id, (start, end), cash)


def handed_by_day(
    technician_id: int | None, start: date | None, end: date | None
) -> dict[Key, Decimal]:
    """Cash handed in, by technician and local day of receipt."""
    return _sum_by_day(CashHandover, CashHandover.received_at, technician_id, (start, end))


def _sum_by_day(
    model: type[FeeEntry] | type[CashHandover],
    at: InstrumentedAttribute[datetime],
    technician_id: int | None,
    days: tuple[date | None, date | None],
    *where: ColumnElement[bool],
) -> dict[Key, Decimal]:
    """``model``'s amounts summed by technician and local day of ``at``, for one technician
    or all, over the local ``days`` (either end open when None)."""
    query = select(model.technician_id, at, model.amount).where(*where)
    low, high = _window(*days)
    if low is not None:
        query = query.where(at >= low)
    if high is not None:
        query = query.where(at < high)
    if technician_id is not None:
        query = query.where(model.technician_id == technician_id)
    totals: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for tech, moment, amount in db.session.execute(query):
        totals[(tech, local_date(moment))] += amount
    return totals


def reconciliation(
    actor: User, start: date, end: date, technician_id: int | None = None
) -> list[ReconciliationRow]:
    """One row per technician and day with cash collected or handed in, ``start..end``."""
    who = visible_technician(actor, technician_id)
    collected = cash_by_day(who, start, end)
    handed = handed_by_day(who, start, end)
    keys = sorted(set(collected) | set(handed), key=lambda k: (k[1], k[0]))
    return [
        ReconciliationRow(
            technician_id=tech,
            date=day,
            collected_cash=collected.get((tech, day), ZERO).quantize(CENT),
            handed_over=handed.get((tech, day), ZERO).quantize(CENT),
        )
        for tech, day in keys
    ]


@dataclass(frozen=True)
class CashPosition:
    """What one technician holds now and how much of it is past its handover deadline."""

    technician: Technician
    collected: Decimal
    handed_over: Decimal
    overdue: Decimal
    oldest_unpaid_day: date | None
    due_by: datetime | None

    @property
    def held(self) -> Decimal:
        return (self.collected - self.handed_over).quantize(CENT)


def handover_deadline(day: date) -> datetime:
    """Cash collected on ``day`` must be handed in by the end of the next working day."""
    return local_midnight(next_working_day(day) + timedelta(days=1))


def _position(
    technician: Technician, days: dict[date, Decimal], handed: Decimal, now: datetime
) -> CashPosition:
    """First in, first out: handovers pay off the oldest collection days first."""
    collected, remaining, overdue = sum(days.values(), ZERO), handed, ZERO
    oldest: date | None = None
    for day in sorted(days):
        unpaid = max(days[day] - max(remaining, ZERO), ZERO)
        remaining -= days[day]
        if unpaid <= 0:
            continue
        oldest = oldest or day
        if handover_deadline(day) <= now:
            overdue += unpaid
    return CashPosition(
        technician=technician,
        collected=collected.quantize(CENT),
        handed_over=handed.quantize(CENT),
        overdue=overdue.quantize(CENT),
        oldest_unpaid_day=oldest,
        due_by=handover_deadline(oldest) if oldest else None,
    )


def cash_positions(
    actor: User, technician_id: int | None = None, now: datetime | None = None
) -> list[CashPosition]:
    """Cash still held by each technician (all time), with the overdue part."""
    who = visible_technician(actor, technician_id)
    now = now or utcnow()
    per_tech: dict[int, dict[date, Decimal]] = defaultdict(dict)
    for (tech, day), amount in cash_by_day(who, None, None).items():
        per_tech[tech][day] = amount
    handed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (tech, _day), amount in handed_by_day(who, None, None).items():
        handed[tech] += amount
    query = select(Technician).order_by(Technician.id)
    if who is not None:
        query = query.where(Technician.id == who)
    return [
        _position(tech, per_tech.get(tech.id, {}), handed[tech.id], now)
        for tech in db.session.scalars(query)
        if tech.id in per_tech or tech.id in handed
    ]
