"""SIM card numbers (ICCID): 19 or 20 digits ending in a Luhn check digit."""

from __future__ import annotations


def luhn_ok(digits: str) -> bool:
    """True when the last digit is the Luhn check digit of the others."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iccid_problem(value: str) -> str | None:
    """Why ``value`` is not a valid ICCID, or None when it is."""
    if not value.isdigit() or not value.isascii():
        return "Use digits only."
    if len(value) not in (19, 20):
        return "An ICCID has 19 or 20 digits."
    if not luhn_ok(value):
        return "The check digit is wrong (mistyped?)."
    return None
