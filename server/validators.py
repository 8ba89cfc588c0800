"""Field validators shared by schemas (Decimal ranges documented without numeric bounds)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from marshmallow import ValidationError

from server.config import lateness_weight_error
from server.timeutil import local_date, utcnow


def decimal_between(
    low: Decimal | int, high: Decimal | int | None = None
) -> Callable[[Decimal], None]:
    """Check a Decimal's range; apispec cannot render Decimal bounds into OpenAPI."""

    def check(value: Decimal) -> None:
        if value < low or (high is not None and value > high):
            upper = f" and at most {high}" if high is not None else ""
            raise ValidationError(f"Must be at least {low}{upper}.")

    return check


def cents(value: Decimal) -> None:
    """Money in whole cents: a third decimal place is refused, never rounded away."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -2:
        raise ValidationError("Use at most two decimal places.")


def lateness_weight(value: float) -> None:
    """A plan's lateness weight: a multiple of 1/64 from 0 to 4 (see server.config)."""
    problem = lateness_weight_error(value)
    if problem:
        raise ValidationError(f"{problem[0].upper()}{problem[1:]}.")


def today_or_later(value: date) -> None:
    """A day still to plan: the operator's today or later (a past day has no shift left)."""
    today = local_date(utcnow())
    if value < today:
        raise ValidationError(f"Must be today ({today.isoformat()}) or later.")


def not_after_today(value: date) -> None:
    """A day that has happened: the operator's today or earlier (a purchase, say)."""
    today = local_date(utcnow())
    if value > today:
        raise ValidationError(f"Must be today ({today.isoformat()}) or earlier.")
