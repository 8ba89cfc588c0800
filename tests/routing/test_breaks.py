"""A break shared by every technician is folded into the clock; plans stay feasible."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from benchmarks.dispatch.scenario import generate
from routing import Break, Problem, Stop, Window, solve
from routing._breaks import SharedBreak, shared_break
from tests.routing.helpers import HOUR, problem, tech

LUNCH = Break(12 * HOUR, 13 * HOUR + 1800, 1800)


def _fold(p: Problem) -> SharedBreak | None:
    return shared_break(p, range(len(p.technicians)), range(len(p.stops)))


def test_closing_times_move_by_the_break_but_not_before_it_can_start() -> None:
    b = SharedBreak(earliest=12 * HOUR, duration=1800)
    assert b.close(11 * HOUR) == 11 * HOUR  # closes before the break can begin
    assert b.close(12 * HOUR + 600) == 12 * HOUR  # served before the break, or not at all
    assert b.close(15 * HOUR) == 15 * HOUR - 1800
    closing = np.array([11 * HOUR, 12 * HOUR + 600, 15 * HOUR], dtype=np.int64)
    assert b.close_all(closing).tolist() == [b.close(int(c)) for c in closing]


def test_a_shared_lunch_break_is_folded() -> None:
    p = problem([0, 1], [tech(break_=LUNCH), tech("t2", break_=LUNCH)], [Stop("a", 1)])
    assert _fold(p) == SharedBreak(12 * HOUR, 1800)


@pytest.mark.parametrize(
    ("techs", "stops"),
    [
        ([tech(break_=LUNCH), tech("t2")], [Stop("a", 1)]),  # not everyone has it
        ([tech(break_=LUNCH), tech("t2", break_=replace(LUNCH, duration_s=600))], []),
        ([tech(break_=LUNCH)], [Stop("long", 1, service_s=2 * HOUR)]),  # could straddle it
        ([tech(break_=LUNCH, shift_end=13 * HOUR)], [Stop("a", 1)]),  # outside the shift
    ],
)
def test_the_interval_model_is_kept_when_folding_is_not_safe(
    techs: list[object], stops: list[Stop]
) -> None:
    assert _fold(problem([0, 1], techs, stops)) is None  # type: ignore[arg-type]


def test_a_window_closing_just_after_noon_is_served_before_the_break() -> None:
    stops = [
        Stop("noon", 1, service_s=1800, window=Window(11 * HOUR + 1800, 12 * HOUR + 600)),
        Stop("after", 2, service_s=1800, window=Window(14 * HOUR, 15 * HOUR)),
    ]
    p = problem([0, 1, 2], [tech(shift_start=11 * HOUR, break_=LUNCH)], stops)
    plan = solve(p, time_limit_s=0.3)
    assert plan.route_of("t1").stop_ids == ["noon", "after"]
    assert plan.feasible
    noon, after = plan.route_of("t1").visits
    assert noon.start <= 12 * HOUR
    assert noon.end <= (plan.route_of("t1").break_start or 0) < after.start


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_folded_breaks_give_feasible_field_days(seed: int) -> None:
    day = generate(seed, technicians=6, orders=70, emergencies=1).problem()
    assert _fold(day) is not None
    plan = solve(day, time_limit_s=1.0, seed=seed)
    assert plan.feasible, plan.violations
    assert all(r.break_start is None or r.break_start <= LUNCH.latest for r in plan.routes)
    assert len(plan.assignment()) > 40
