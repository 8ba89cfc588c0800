"""The demo's day is in progress whenever it loads: by night its technicians are a night crew."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from server import timeutil
from server.demo.shifts import moved, night_offset
from server.extensions import db
from server.orders.models import WorkOrder
from server.technicians.models import Technician
from server.timeutil import local_date

#: 2026-12-08 03:10 and 10:30 in Hangzhou (UTC+8).
NIGHT = datetime(2026, 12, 7, 19, 10, tzinfo=UTC)
MORNING = datetime(2026, 12, 8, 2, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("utc_hour", "minute", "offset_h"),
    [(2, 30, 0), (0, 0, 0), (12, 0, 0), (19, 10, -7.5), (23, 0, -3.5), (13, 0, 10.5)],
)
def test_shifts_move_only_when_the_day_is_not_on(
    app: Flask, utc_hour: int, minute: int, offset_h: float
) -> None:
    """By day in Hangzhou (08:00 to 20:00) nothing moves; else 'now' goes to 10:30."""
    now = datetime(2026, 12, 7, utc_hour, minute, tzinfo=UTC)
    assert night_offset(now) == timedelta(hours=offset_h)


def test_a_moved_shift_stays_within_the_local_day() -> None:
    assert moved(time(8), time(17), timedelta(hours=-7.5)) == (time(0, 30), time(9, 30))
    assert moved(time(7), time(16), timedelta(hours=-9)) == (time(0), time(7))
    assert moved(time(12), time(21), timedelta(hours=13)) == (time(23), time(23, 59))
    assert moved(time(9), time(18), timedelta(0)) == (time(9), time(18))


def _load(app: Flask, monkeypatch: pytest.MonkeyPatch, moment: datetime) -> str:
    monkeypatch.setattr(timeutil, "clock", lambda: moment)
    result = app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def test_loaded_at_night_the_work_under_way_is_within_its_shift(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = _load(app, monkeypatch, NIGHT)
    assert "It is 03:10 in Asia/Shanghai: the demo technicians work a night shift" in output
    local = NIGHT.astimezone(timeutil.operator_tz())
    started = db.session.scalars(
        select(WorkOrder).where(WorkOrder.status.in_(("en_route", "on_site")))
    ).all()
    assert started
    for order in started:
        tech = db.session.get(Technician, order.technician_id)
        assert tech is not None
        assert tech.shift_start <= local.time() <= tech.shift_end, tech.user.username
        assert local_date(order.scheduled_start) == local.date()


def test_loaded_by_day_the_shifts_are_as_written(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "night shift" not in _load(app, monkeypatch, MORNING)
    shifts = {(t.shift_start, t.shift_end) for t in db.session.scalars(select(Technician))}
    assert shifts == {
        (time(7), time(16)),
        (time(8), time(17)),
        (time(9), time(18)),
        (time(12), time(21)),
    }
