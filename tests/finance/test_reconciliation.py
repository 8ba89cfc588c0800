"""Reconciliation to the cent: reversals, partial handovers, held cash, overdue handovers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask import Flask

from server.accounts.models import User
from server.finance import reconcile
from server.finance.service import Handover, record_handover, reverse_entry
from server.policy.seed import ensure_defaults
from server.technicians.models import Technician
from server.timeutil import at_local
from tests.factories import make_technician, make_user
from tests.finance.helpers import collect, completed_order

NOON = datetime.strptime("12:00", "%H:%M").time()


@pytest.fixture
def finance(app: Flask) -> User:
    ensure_defaults()
    return make_user("finance")


@pytest.fixture
def tech(app: Flask) -> Technician:
    return make_technician()


def local(day: str, clock: str = "12:00") -> datetime:
    return at_local(date.fromisoformat(day), datetime.strptime(clock, "%H:%M").time())


def test_reversals_and_partial_handovers_to_the_cent(finance: User, tech: Technician) -> None:
    order = completed_order(tech, local("2026-11-20", "09:00"))
    collect(finance, tech, "120.50", local("2026-11-20", "09:30"), order)
    wrong = collect(finance, tech, "80.25", local("2026-11-20", "23:30"), order)
    collect(finance, tech, "50.00", local("2026-11-20", "10:00"), order, method="card")
    reverse_entry(finance, wrong.id, "Typed twice")
    record_handover(finance, Handover(tech.id, Decimal("100.01"), local("2026-11-20", "18:00")))
    record_handover(finance, Handover(tech.id, Decimal("20.49"), local("2026-11-21", "08:00")))

    rows = reconcile.reconciliation(finance, date(2026, 11, 20), date(2026, 11, 21))

    assert [(r.date, r.collected_cash, r.handed_over, r.difference) for r in rows] == [
        (date(2026, 11, 20), Decimal("120.50"), Decimal("100.01"), Decimal("20.49")),
        (date(2026, 11, 21), Decimal("0.00"), Decimal("20.49"), Decimal("-20.49")),
    ]
    [position] = reconcile.cash_positions(finance)
    assert position.held == Decimal("0.00")
    assert position.overdue == Decimal("0.00")


def test_local_day_not_utc_day(finance: User, tech: Technician) -> None:
    """23:30 in Shanghai is 15:30 UTC the same day; 00:30 local is the previous UTC day."""
    collect(finance, tech, "10.00", local("2026-11-20", "00:30"))
    rows = reconcile.reconciliation(finance, date(2026, 11, 20), date(2026, 11, 20))
    assert [(r.date, r.collected_cash) for r in rows] == [(date(2026, 11, 20), Decimal("10.00"))]
    assert reconcile.reconciliation(finance, date(2026, 11, 19), date(2026, 11, 19)) == []


def test_cash_held_is_first_in_first_out(finance: User, tech: Technician) -> None:
    collect(finance, tech, "30.00", local("2026-11-16"))
    collect(finance, tech, "45.55", local("2026-11-17"))
    record_handover(finance, Handover(tech.id, Decimal("40.00"), local("2026-11-17", "17:00")))
    now = local("2026-11-19", "09:00")

    [position] = reconcile.cash_positions(finance, now=now)

    assert position.held == Decimal("35.55")
    assert position.oldest_unpaid_day == date(2026, 11, 17)
    assert position.overdue == Decimal("35.55")  # due by the end of Wed 18th


@pytest.mark.parametrize(
    ("collected", "last_moment", "first_overdue"),
    [
        # Friday: the next working day is Monday
        ("2026-11-27", ("2026-11-30", "23:59"), ("2026-12-01", "00:00")),
        # before National Day: 1-7 October off (3-4 the weekend), Thursday 8th works
        ("2026-09-30", ("2026-10-08", "23:59"), ("2026-10-09", "00:00")),
    ],
)
def test_handover_due_by_end_of_next_working_day(
    finance: User,
    tech: Technician,
    collected: str,
    last_moment: tuple[str, str],
    first_overdue: tuple[str, str],
) -> None:
    collect(finance, tech, "99.99", local(collected, "16:00"))

    [still_fine] = reconcile.cash_positions(finance, now=local(*last_moment))
    [late] = reconcile.cash_positions(finance, now=local(*first_overdue))

    assert still_fine.overdue == Decimal("0.00")
    assert late.overdue == Decimal("99.99")
    assert late.due_by == local(*first_overdue).astimezone(UTC)
