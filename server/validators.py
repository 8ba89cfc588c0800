"""Field validators shared by schemas (Decimal ranges documented without numeric bounds)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from marshmallow import ValidationError


def decimal_between(
    low: Decimal | int, high: Decimal | int | None = None
) -> Callable[[Decimal], None]:
    """Check a Decimal's range; apispec cannot render Decimal bounds into OpenAPI."""

    def check(value: Decimal) -> None:
        if value < low or (high is not None and value > high):
            upper = f" and at most {high}" if high is not None else ""
            raise ValidationError(f"Must be at least {low}{upper}.")

    return check
