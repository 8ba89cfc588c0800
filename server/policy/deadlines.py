"""Compute an order's deadlines from the rule table."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from server.errors import ValidationFailed
from server.extensions import db
from server.policy.calendar import add_working_days
from server.policy.models import DeadlineRule
from server.policy.seed import ensure_defaults
from server.timeutil import operator_tz


@dataclass(frozen=True)
class Deadlines:
    due_at: datetime | None
    respond_by: datetime | None
    make_safe_by: datetime | None
    size_class: str
    hard: bool


def _add_months(moment: datetime, months: int) -> datetime:
    """Calendar months in the operator's zone, clamped to the end of a shorter month."""
    local = moment.astimezone(operator_tz())
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day).astimezone(moment.tzinfo)


def _due(
    rule: DeadlineRule, reported_at: datetime, appointment_end: datetime | None
) -> datetime | None:
    amount = rule.due_amount
    if rule.due_unit == "hours":
        return reported_at + timedelta(hours=amount)
    if rule.due_unit == "days":
        return reported_at + timedelta(days=amount)
    if rule.due_unit == "working_days":
        return add_working_days(reported_at, amount)
    if rule.due_unit == "months":
        return _add_months(reported_at, amount)
    return appointment_end


def rule_for(kind: str, value: int | None) -> DeadlineRule:
    """The rule of ``kind``'s table that covers the order's size attribute."""
    ensure_defaults()
    rules = db.session.scalars(select(DeadlineRule).where(DeadlineRule.kind == kind)).all()
    for rule in rules:
        if rule.matches(value):
            return rule
    field = rules[0].attribute if rules and rules[0].attribute else "kind"
    raise ValidationFailed(
        "No deadline rule covers this order.",
        code="no_deadline_rule",
        details={field: [f"No deadline rule of {kind} covers {value!r}."]},
    )


def compute_deadlines(
    kind: str,
    reported_at: datetime,
    size_value: int | None,
    appointment_end: datetime | None = None,
) -> Deadlines:
    """Deadlines of an order reported at ``reported_at`` with the given size attribute."""
    rule = rule_for(kind, size_value)
    hours = timedelta(hours=1)
    return Deadlines(
        due_at=_due(rule, reported_at, appointment_end),
        respond_by=reported_at + rule.respond_hours * hours if rule.respond_hours else None,
        make_safe_by=reported_at + rule.make_safe_hours * hours if rule.make_safe_hours else None,
        size_class=rule.size_class,
        hard=rule.hard,
    )
