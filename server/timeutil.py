"""Time helpers: the database stores UTC; days and working days are in TIMEZONE."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def system_clock() -> datetime:
    return datetime.now(UTC)


clock: Callable[[], datetime] = system_clock
"""The one source of "now". Tests pin it (``monkeypatch.setattr(timeutil, "clock", ...)``);
every ``utcnow()`` reads it when called, column defaults and background threads included."""


def utcnow() -> datetime:
    return clock()


def operator_tz() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def local_date(moment: datetime) -> date:
    """The operator's calendar date of an aware moment."""
    return moment.astimezone(operator_tz()).date()


def local_midnight(day: date) -> datetime:
    """The aware UTC moment at which ``day`` starts in the operator's zone."""
    return datetime.combine(day, time(0), tzinfo=operator_tz()).astimezone(UTC)


def at_local(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=operator_tz()).astimezone(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
