"""The demo's day is in progress whenever it loads: a shift that does not hold the moment of
loading moves to hold it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from server import timeutil
from server.demo.shifts import demo_shift
from server.extensions import db
from server.orders.models import WorkOrder
from server.technicians.models import Technician


def _at(hour: int, minute: int = 0) -> datetime:
    """That wall-clock time on 2026-12-08 in Hangzhou (UTC+8)."""
    return datetime(2026, 12, 8, hour, minute, tzinfo=UTC) - timedelta(hours=8)


@pytest.mark.parametrize(
    ("written", "moment", "used"),
    [
        ((time(8), time(17)), _at(10, 30), (time(8), time(17))),  # holds it: kept
        ((time(8), time(17)), _at(3, 10), (time(0), time(9))),  # night: a third in
        ((time(12), time(21)), _at(10, 30), (time(7, 30), time(16, 30))),  # before it starts
        ((time(7), time(16)), _at(19), (time(16), time(23, 59))),  # after it ends
        ((time(7), time(16)), _at(0, 20), (time(0), time(9))),  # just after midnight
    ],
)
def test_a_shift_moves_only_when_it_does_not_hold_the_moment(
    app: Flask, written: tuple[time, time], moment: datetime, used: tuple[time, time]
) -> None:
    assert demo_shift(*written, moment) == used


def _load(app: Flask, monkeypatch: pytest.MonkeyPatch, moment: datetime) -> str:
    monkeypatch.setattr(timeutil, "clock", lambda: moment)
    result = app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("hour", [3, 8, 10, 16, 19, 23])
def test_the_work_under_way_is_within_its_shift_whenever_the_demo_loads(
    app: Flask, monkeypatch: pytest.MonkeyPatch, hour: int
) -> None:
    moment = _at(hour, 30)
    output = _load(app, monkeypatch, moment)
    now = moment.astimezone(timeutil.operator_tz()).time()
    started = db.session.scalars(
        select(WorkOrder).where(WorkOrder.status.in_(("en_route", "on_site")))
    ).all()
    assert started
    for order in started:
        tech = db.session.get(Technician, order.technician_id)
        assert tech is not None
        assert tech.shift_start <= now <= tech.shift_end, (tech.user.username, output)
    if hour == 10:  # every shift as written holds 10:30 but the one starting at 12:00
        assert "1 of the demo technicians' shifts moved to hold that moment" in output
