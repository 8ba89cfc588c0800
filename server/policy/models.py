"""Policies as data: deadline rules, per-kind settings, the working-day calendar."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model

DUE_UNITS = ("hours", "days", "working_days", "months", "appointment")
KINDS = ("gps_install", "gps_repair", "water_leak", "gas_leak")


class KindPolicy(Model):
    __tablename__ = "kind_policies"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    skill: Mapped[str] = mapped_column(String(16))
    requires_approval: Mapped[bool] = mapped_column(default=False)
    default_duration_min: Mapped[int] = mapped_column(default=60)
    default_priority: Mapped[int] = mapped_column(default=3)


class DeadlineRule(Model):
    """One row of a kind's deadline table; ``min_value``/``max_value`` are inclusive."""

    __tablename__ = "deadline_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    attribute: Mapped[str | None] = mapped_column(String(32))
    min_value: Mapped[int | None]
    max_value: Mapped[int | None]
    size_class: Mapped[str] = mapped_column(String(32))
    due_amount: Mapped[int]
    due_unit: Mapped[str] = mapped_column(String(16))
    respond_hours: Mapped[int | None]
    make_safe_hours: Mapped[int | None]
    hard: Mapped[bool] = mapped_column(default=False)

    def matches(self, value: int | None) -> bool:
        if self.attribute is None:
            return True
        if value is None:
            return False
        above = self.min_value is None or value >= self.min_value
        below = self.max_value is None or value <= self.max_value
        return above and below


class CalendarDay(Model):
    """An exception to the Monday-Friday week: a holiday or a make-up working day."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    working: Mapped[bool]
    name: Mapped[str] = mapped_column(String(80), default="")
