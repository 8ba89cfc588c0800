"""Service-desk rules at their boundaries: tiers, the 10th minute, the end of the next day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from flask import Flask

from server.orders.models import WorkOrder
from server.policy.seed import ensure_defaults
from server.servicedesk.callbacks import Outcome, record_callback
from server.servicedesk.lateclose import is_late_close
from server.servicedesk.policy import close_deadline, complaint_tier
from tests.factories import make_technician, make_user
from tests.finance.helpers import completed_order
from tests.finance.test_reconciliation import local


@pytest.mark.parametrize(
    ("households", "compensation", "exposure", "tier"),
    [
        (1, "0.00", False, "general"),
        (1, "5000.00", False, "general"),
        (1, "5000.01", False, "important"),
        (1, "49999.99", False, "important"),
        (1, "50000.00", False, "major"),
        (4, "0.00", False, "general"),
        (5, "0.00", False, "important"),
        (9, "0.00", False, "important"),
        (10, "0.00", False, "major"),
        (1, "0.00", True, "important"),
        (10, "100.00", True, "major"),
    ],
)
def test_complaint_tier(
    app: Flask, households: int, compensation: str, exposure: bool, tier: str
) -> None:
    assert complaint_tier(households, Decimal(compensation), exposure)["tier"] == tier


@pytest.fixture
def done(app: Flask) -> WorkOrder:
    ensure_defaults()
    return completed_order(make_technician(), datetime(2026, 11, 20, 2, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    ("after", "on_time"),
    [(timedelta(minutes=10), True), (timedelta(minutes=10, seconds=1), False)],
)
def test_callback_tenth_minute(done: WorkOrder, after: timedelta, on_time: bool) -> None:
    agent = make_user("agent")
    assert done.completed_at is not None
    callback = record_callback(
        agent, Outcome(done.id, "satisfied", 5), now=done.completed_at + after
    )
    assert callback.due_at == done.completed_at + timedelta(minutes=10)
    assert callback.on_time is on_time


@pytest.mark.parametrize(
    ("completed", "last_ok", "first_late"),
    [
        # Wednesday: the next day is Thursday
        (("2026-11-25", "16:00"), ("2026-11-26", "23:59"), ("2026-11-27", "00:00")),
        # Friday: the weekend is skipped, Monday is the next day
        (("2026-11-27", "16:00"), ("2026-11-30", "23:59"), ("2026-12-01", "00:00")),
        # Wednesday before National Day: 1-7 October off, Thursday 8th is the next day
        (("2026-09-30", "16:00"), ("2026-10-08", "23:59"), ("2026-10-09", "00:00")),
    ],
)
def test_late_close_end_of_next_day(
    app: Flask,
    completed: tuple[str, str],
    last_ok: tuple[str, str],
    first_late: tuple[str, str],
) -> None:
    ensure_defaults()
    order = completed_order(make_technician(), local(*completed))
    assert order.completed_at is not None
    assert close_deadline(order.completed_at) == local(*first_late)
    assert not is_late_close(order, local(*last_ok))
    assert is_late_close(order, local(*first_late) + timedelta(seconds=1))
    order.status, order.closed_at = "closed", local(*last_ok)
    assert not is_late_close(order, local(*first_late) + timedelta(days=9))
    order.closed_at = local(*first_late) + timedelta(seconds=1)
    assert is_late_close(order, local(*first_late) + timedelta(days=9))
