"""Service-desk rules as data (fixtures/policy/service_desk.json)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from server.policy.calendar import next_working_day
from server.policy.files import policy_file
from server.timeutil import local_date, local_midnight


def desk_policy() -> dict[str, Any]:
    return policy_file("service_desk.json")


def callback_due(completed_at: datetime) -> datetime:
    return completed_at + timedelta(minutes=int(desk_policy()["callback_minutes"]))


def close_deadline(completed_at: datetime) -> datetime:
    """The end of the next (working, by default) local day after completion."""
    day = local_date(completed_at)
    if desk_policy()["late_close"] == "end_of_next_working_day":
        following = next_working_day(day)
    else:
        following = day + timedelta(days=1)
    return local_midnight(following + timedelta(days=1))


def _matches(rule: dict[str, Any], households: int, amount: Decimal, exposure: bool) -> bool:
    return any(
        (
            "households_from" in rule and households >= rule["households_from"],
            "compensation_from" in rule and amount >= Decimal(rule["compensation_from"]),
            "compensation_over" in rule and amount > Decimal(rule["compensation_over"]),
            bool(rule.get("media_or_litigation")) and exposure,
        )
    )


def complaint_tier(households: int, compensation: Decimal, exposure: bool) -> dict[str, Any]:
    """The first tier whose any-one condition holds; the last tier is the fallback."""
    tiers: list[dict[str, Any]] = desk_policy()["complaint_tiers"]
    return next((t for t in tiers if _matches(t, households, compensation, exposure)), tiers[-1])
