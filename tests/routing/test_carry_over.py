"""Orders left for another day: the ones that will be late by then cost their lateness."""

from __future__ import annotations

import pytest

from routing import Stop, evaluate, solve
from tests.routing.helpers import HOUR, problem, tech

FAST = 0.2
DAY = 24 * HOUR
TOMORROW_8 = DAY + 8 * HOUR


def _two_long_jobs() -> list[Stop]:
    # Five hours each: one technician's 8:00-17:00 shift has room for only one.
    return [
        Stop("due-today", 1, service_s=5 * HOUR, deadline=16 * HOUR),
        Stop("can-wait", 2, service_s=5 * HOUR, deadline=30 * DAY),
    ]


def test_without_next_start_the_cheaper_drive_is_served() -> None:
    p = problem([0, 30, 5], [tech()], _two_long_jobs())
    plan = solve(p, time_limit_s=FAST)
    assert plan.route_of("t1").stop_ids == ["can-wait"]


def test_with_next_start_the_order_due_today_is_served_and_the_other_waits() -> None:
    p = problem([0, 30, 5], [tech()], _two_long_jobs(), next_start=TOMORROW_8)
    plan = solve(p, time_limit_s=FAST)
    assert plan.route_of("t1").stop_ids == ["due-today"]
    assert plan.reasons().keys() == {"can-wait"}
    assert plan.late_count == 0


def test_carry_over_is_the_lateness_at_next_start_past_the_sunk_part() -> None:
    stops = [
        Stop("due-today", 1, service_s=HOUR, deadline=16 * HOUR),
        Stop("overdue", 1, service_s=HOUR, deadline=-DAY),
        Stop("due-next-week", 1, service_s=HOUR, deadline=7 * DAY),
        Stop("no-deadline", 1, service_s=HOUR),
        Stop("hard", 1, service_s=HOUR, deadline=16 * HOUR, hard_deadline=True),
    ]
    p = problem([0, 10], [tech()], stops, next_start=TOMORROW_8)
    # Left for tomorrow, each finishes at 9:00 then. The overdue one could at best have
    # finished at 9:10 today: the lateness up to then is sunk, a day less 10 minutes is not.
    assert p.lateness_origin[1] == 8 * HOUR + 600 + HOUR
    assert list(p.carry_over) == [TOMORROW_8 + HOUR - 16 * HOUR, DAY - 600, 0, 0, 0]


def test_dropping_costs_the_carried_lateness_at_the_lateness_price() -> None:
    stops = [Stop("due-today", 1, service_s=HOUR, deadline=16 * HOUR, priority=2, weight=3)]
    plain = problem([0, 10], [tech()], stops, lateness_weight=0.5)
    carried = problem([0, 10], [tech()], stops, lateness_weight=0.5, next_start=TOMORROW_8)
    extra = carried.drop_penalties()[0] - plain.drop_penalties()[0]
    # Objective units are halves of a second here (cost_scale 2, lateness_units 1).
    assert extra == 6 * 1 * (TOMORROW_8 + HOUR - 16 * HOUR)
    empty = {"t1": []}
    assert evaluate(carried, empty).objective - evaluate(plain, empty).objective == extra


def test_no_carry_over_when_deadlines_are_ignored() -> None:
    stops = _two_long_jobs()
    carried = problem([0, 30, 5], [tech()], stops, lateness_weight=0, next_start=TOMORROW_8)
    plain = problem([0, 30, 5], [tech()], stops, lateness_weight=0)
    assert list(carried.carry_over) == [TOMORROW_8 + 5 * HOUR - 16 * HOUR, 0]
    assert list(carried.drop_penalties()) == list(plain.drop_penalties())


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (16 * HOUR, "next_start 57600: must not be before the latest shift ends (61200)"),
        (1.5, "next_start 1.5: must be a whole number of seconds"),
        (True, "next_start True: must be a whole number of seconds"),
    ],
)
def test_bad_next_start_is_named(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        problem([0, 30, 5], [tech()], _two_long_jobs(), next_start=value)


def test_late_if_left_marks_counted_stops_that_cannot_be_on_time_tomorrow() -> None:
    stops = [
        Stop("due-tonight", 1, service_s=HOUR, on_time_by=20 * HOUR),
        Stop("due-tomorrow-9", 1, service_s=HOUR, on_time_by=TOMORROW_8 + HOUR),
        Stop("due-tomorrow-8:30", 1, service_s=HOUR, on_time_by=TOMORROW_8 + HOUR // 2),
        Stop("not-counted", 1, service_s=HOUR, deadline=16 * HOUR),
    ]
    p = problem([0, 10], [tech()], stops, next_start=TOMORROW_8)
    assert list(p.late_if_left) == [True, False, True, False]
    left = ["not-counted", "due-tomorrow-8:30", "due-tomorrow-9", "due-tonight"]
    assert p.left_late(left) == ["due-tomorrow-8:30", "due-tonight"]  # in the order given
    assert not problem([0, 10], [tech()], stops).late_if_left.any()  # no next day given
