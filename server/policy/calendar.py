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


def working_days_between(start: date, end: date) -> list[date]:
    """Every working day in ``start..end`` inclusive."""
    overrides = _exceptions(start, end)
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return [d for d in days if overrides.get(d, d.weekday() < 5)]


def next_working_day(day: date, count: int = 1) -> date:
    """The ``count``-th working day strictly after ``day`` (``day`` itself for 0), one query."""
    if count <= 0:
        return day
    span = 60 + 2 * count
    following = working_days_between(day + timedelta(days=1), day + timedelta(days=span))
    if len(following) < count:
        raise ValueError(f"fewer than {count} working days in the {span} days after {day}")
    return following[count - 1]


def add_working_days(moment: datetime, count: int) -> datetime:
    """The same local clock time ``count`` working days after ``moment``.

    Counting starts the day after ``moment``'s local date, so a Friday 15:00 report with
    two working days is due on Tuesday 15:00 (Monday being the first).
    """
    local = moment.astimezone(operator_tz())
    day = next_working_day(local.date(), count)
    return local.replace(year=day.year, month=day.month, day=day.day).astimezone(moment.tzinfo)
