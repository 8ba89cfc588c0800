"""How the peer is posed: deadlines as hard windows, and what waits for tomorrow."""

from __future__ import annotations

from benchmarks.dispatch.peer import deadline_window
from benchmarks.dispatch.rows import late_tomorrow
from benchmarks.dispatch.scenario import generate
from routing import Stop, Window, evaluate
from tests.routing.helpers import HOUR, problem, tech

DAY = 24 * HOUR


def _stops() -> list[Stop]:
    return [
        Stop("due-noon", 1, service_s=HOUR, deadline=12 * HOUR),
        Stop("booked", 1, service_s=HOUR, window=Window(9 * HOUR, 14 * HOUR), deadline=13 * HOUR),
        Stop("overdue", 1, service_s=HOUR, deadline=8 * HOUR),
        Stop("appointment-only", 1, service_s=HOUR, window=Window(9 * HOUR, 10 * HOUR)),
        Stop(
            "past-the-window",
            1,
            service_s=HOUR,
            window=Window(9 * HOUR, 10 * HOUR),
            deadline=9 * HOUR + 1800,
        ),
    ]


def test_a_deadline_that_can_be_met_becomes_the_latest_start() -> None:
    p = problem([0, 10], [tech()], _stops())
    assert deadline_window(p, 0) == Window(0, 11 * HOUR)
    assert deadline_window(p, 1) == Window(9 * HOUR, 12 * HOUR)  # within the appointment


def test_a_deadline_out_of_reach_leaves_the_appointment_alone() -> None:
    p = problem([0, 10], [tech()], _stops())
    assert deadline_window(p, 2) is None  # overdue: any finish is late, no window
    assert deadline_window(p, 3) == Window(9 * HOUR, 10 * HOUR)
    # Due at 9:30 with an hour's work and the appointment from 9:00: out of reach.
    assert deadline_window(p, 4) == Window(9 * HOUR, 10 * HOUR)


def test_orders_left_that_will_be_late_by_tomorrow_are_counted() -> None:
    p = problem([0, 10], [tech()], _stops(), next_start=DAY + 8 * HOUR)
    left = evaluate(p, {})  # everything waits for tomorrow
    # Late by 9:00 tomorrow: all with a deadline; the appointment-only order is not.
    assert late_tomorrow(p, left) == 4
    assert late_tomorrow(p, evaluate(p, {"t1": ["due-noon", "booked"]})) == 2


def test_the_generated_day_waits_for_the_first_shift_tomorrow() -> None:
    scenario = generate(0, orders=50)
    first = min(t.shift_start for t in scenario.technicians)
    assert scenario.problem().next_start == DAY + first
