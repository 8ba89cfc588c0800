"""The fee schedule (fixtures/policy/fees.json): which completed work must carry a fee."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from server.config import ROOT
from server.fieldwork.service import parts_of
from server.orders.models import WorkOrder
from server.policy.files import policy_file, policy_path
from server.timeutil import local_date


def fee_schedule() -> dict[str, Any]:
    return policy_file("fees.json")


def fee_schedule_source() -> str:
    """Where the schedule is read from: relative to the project when it lies inside it."""
    path = policy_path("fees.json")
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _rule_for(kind: str) -> dict[str, Any] | None:
    return next((r for r in fee_schedule()["chargeable"] if r["kind"] == kind), None)


def is_chargeable(order: WorkOrder) -> bool:
    """Whether completed ``order`` should have a fee collected, per the schedule."""
    rule = _rule_for(order.kind)
    if rule is None or rule["condition"] == "never" or order.completed_at is None:
        return False
    if rule["condition"] == "always":
        return True
    if order.purchase_date is None:
        return False
    warranty_end = _months_later(order.purchase_date, int(rule["warranty_months"]))
    if local_date(order.completed_at) <= warranty_end:
        return False
    return not rule.get("parts_only") or bool(parts_of(order.id))
