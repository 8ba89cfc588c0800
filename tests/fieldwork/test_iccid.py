"""ICCID checks: length, digits, Luhn check digit."""

from __future__ import annotations

import pytest

from server.fieldwork.iccid import iccid_problem, luhn_ok


def with_check_digit(body: str) -> str:
    """Append the Luhn check digit (computed independently of the code under test)."""
    for digit in "0123456789":
        digits = [int(c) for c in body + digit]
        total = sum(
            d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
            for i, d in enumerate(reversed(digits))
        )
        if total % 10 == 0:
            return body + digit
    raise AssertionError("no check digit")


def test_known_luhn_numbers() -> None:
    assert luhn_ok("79927398713")
    assert not luhn_ok("79927398710")


@pytest.mark.parametrize("body", ["898600" + "1" * 12, "898601" + "23456789012" + "34"])
def test_valid_iccids(body: str) -> None:
    iccid = with_check_digit(body)
    assert len(iccid) in (19, 20)
    assert iccid_problem(iccid) is None


def test_wrong_check_digit() -> None:
    iccid = with_check_digit("898600" + "1" * 12)
    wrong = iccid[:-1] + str((int(iccid[-1]) + 1) % 10)
    assert iccid_problem(wrong) == "The check digit is wrong (mistyped?)."


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("8986001111", "An ICCID has 19 or 20 digits."),
        (with_check_digit("8" * 20), "An ICCID has 19 or 20 digits."),
        ("89860011111111111A1", "Use digits only."),
        ("".join(chr(0xFF10 + int(d)) for d in "8986001111111111111"), "Use digits only."),
    ],
)
def test_bad_shapes(value: str, problem: str) -> None:
    assert iccid_problem(value) == problem
