"""The working-day calendar: Monday-Friday, less holidays, plus make-up working days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from server.extensions import db
from server.policy.models import CalendarDay
from server.timeutil import operator_tz


def _exceptions(start: date, end: date) -> dict[date, bool]:
    rows = db.session.scalars(
        select(CalendarDay).where(CalendarDay.day >= start, CalendarDay.day <= end)
    )
    return {row.day: row.working for row in rows}


def is_working_day(day: date) -> bool:
    override = _exceptions(day, day).get(day)
    return day.weekday() < 5 if override is None else override


def working_days_between(start: date, end: date) -> list[date]:
    """Every working day in ``start..end`` inclusive."""
    overrides = _exceptions(start, end)
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return [d for d in days if overrides.get(d, d.weekday() < 5)]


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day``."""
    horizon = day + timedelta(days=60)
    following = working_days_between(day + timedelta(days=1), horizon)
    if not following:
        raise ValueError(f"no working day in the 60 days after {day}")
    return following[0]


def add_working_days(moment: datetime, count: int) -> datetime:
    """The same local clock time ``count`` working days after ``moment``.

    Counting starts the day after ``moment``'s local date, so a Friday 15:00 report with
    two working days is due on Tuesday 15:00 (Monday being the first).
    """
    local = moment.astimezone(operator_tz())
    day = local.date()
    for _ in range(count):
        day = next_working_day(day)
    return local.replace(year=day.year, month=day.month, day=day.day).astimezone(moment.tzinfo)
