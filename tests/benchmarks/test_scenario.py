"""The generated field days take their leak deadlines from the default policy."""

from __future__ import annotations

import pytest

from benchmarks.dispatch.scenario import HOUR, due_hours, generate

DAY_H = 24


@pytest.mark.parametrize(
    ("kind", "size", "hours"),
    [
        ("water_leak", 300, 24),
        ("water_leak", 301, 48),
        ("water_leak", 999, 48),
        ("water_leak", 1000, 72),
        ("gas_leak", 2, 180 * DAY_H),
        ("gas_leak", 3, 10958),  # 15 mean calendar months
    ],
)
def test_repair_periods_are_the_policy_tables(kind: str, size: int, hours: int) -> None:
    assert due_hours(kind, size) == hours


def test_a_size_the_policy_does_not_know_is_refused() -> None:
    with pytest.raises(LookupError, match="gas_leak of size 7"):
        due_hours("gas_leak", 7)


def test_generated_leaks_are_due_within_their_repair_period_from_the_morning() -> None:
    day = generate(0, orders=300)
    since_8 = {
        kind: [(s.deadline - 8 * HOUR) / HOUR for s in day.stops if day.kinds[s.id] == kind]
        for kind in ("water", "gas")
    }
    assert all(0 < h <= 72 for h in since_8["water"])
    assert all(0 < h <= due_hours("gas_leak", 3) for h in since_8["gas"])
    assert any(h > due_hours("gas_leak", 2) for h in since_8["gas"])  # grade 3 is there too
    leaks = [s for s in day.stops if day.kinds[s.id] in ("water", "gas")]
    assert all(s.on_time_by == s.deadline for s in leaks)
