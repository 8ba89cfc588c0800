"""The independent evaluator schedules routes and reports broken hard constraints."""

from __future__ import annotations

import pytest

from routing import Break, InvalidStopError, InvalidTechnicianError, Stop, Window, evaluate
from tests.routing.helpers import HOUR, problem, tech

STOPS = [
    Stop("a", 1, service_s=600, window=Window(8 * HOUR, 8 * HOUR + 300)),
    Stop("b", 2, service_s=600, skill="gas", deadline=8 * HOUR + 1500),
]


def test_schedule_by_hand() -> None:
    p = problem([0, 1, 2], [tech()], STOPS)
    plan = evaluate(p, {"t1": ["a", "b"]})
    a, b = plan.route_of("t1").visits
    assert (a.arrival, a.start, a.end) == (8 * HOUR + 60, 8 * HOUR + 60, 8 * HOUR + 660)
    assert (b.start, b.end, b.lateness) == (8 * HOUR + 720, 8 * HOUR + 1320, 0)
    assert plan.travel_s == 240
    assert plan.route_of("t1").return_time == 8 * HOUR + 1440
    assert plan.feasible
    assert plan.objective == 240


def test_violations_are_listed() -> None:
    p = problem([0, 1, 2], [tech(skills=frozenset()), tech("t2", max_jobs=0)], STOPS)
    plan = evaluate(p, {"t1": ["b", "a"], "t2": ["a"]})
    text = "\n".join(plan.violations)
    assert "lacks skill 'gas'" in text
    assert "window closes" in text
    assert "exceed max_jobs 0" in text
    assert "visited more than once" in text
    assert not plan.feasible


def test_lateness_and_drop_penalties_enter_the_objective() -> None:
    # Could finish at 9:01 (its deadline); served after a 1-hour job it ends at 10:01.
    late = Stop("late", 1, service_s=HOUR, deadline=9 * HOUR + 60, priority=2)
    first = Stop("first", 1, service_s=HOUR)
    p = problem([0, 1], [tech()], [late, first, Stop("left", 1)])
    plan = evaluate(p, {"t1": ["first", "late"]})
    assert plan.late_count == 1
    assert plan.lateness_s == HOUR
    penalty = int(p.drop_penalties()[2])
    assert plan.objective == 120 + 2 * HOUR + penalty
    assert plan.unassigned[0].stop_id == "left"


def test_unavoidable_lateness_is_reported_but_not_charged() -> None:
    late = Stop("late", 1, service_s=HOUR, deadline=8 * HOUR, priority=2)
    plan = evaluate(problem([0, 1], [tech()], [late]), {"t1": ["late"]})
    assert plan.late_count == 1
    assert plan.lateness_s == HOUR + 60
    assert plan.objective == 120


def test_break_is_taken_on_arrival_when_the_next_job_would_overrun_it() -> None:
    t = tech(shift_start=11 * HOUR, break_=Break(12 * HOUR, 12 * HOUR, 1800))
    p = problem([0, 1], [t], [Stop("x", 1, service_s=HOUR), Stop("y", 1, service_s=600)])
    route = evaluate(p, {"t1": ["x", "y"]}).route_of("t1")
    assert route.break_start == 12 * HOUR
    x, y = route.visits  # x would overrun the fixed noon break, so it comes after it
    assert (x.arrival, x.start) == (11 * HOUR + 60, 12 * HOUR + 1800)
    assert x.waiting == HOUR - 60  # on site from 11:01; the break is not waiting
    assert y.start == x.end


def test_break_is_taken_before_the_leg_when_arriving_after_its_latest_start() -> None:
    t = tech(shift_start=11 * HOUR, break_=Break(11 * HOUR, 11 * HOUR + 600, 1800))
    far = Stop("far", 1, service_s=600)
    route = evaluate(problem([0, 30], [t], [far]), {"t1": ["far"]}).route_of("t1")
    assert route.break_start == 11 * HOUR
    assert route.visits[0].start == 11 * HOUR + 1800 + 1800


def test_break_in_waiting_time_costs_nothing() -> None:
    t = tech(shift_start=11 * HOUR, break_=Break(11 * HOUR, 13 * HOUR, 1800))
    later = Stop("later", 1, service_s=600, window=Window(12 * HOUR, 13 * HOUR))
    route = evaluate(problem([0, 1], [t], [later]), {"t1": ["later"]}).route_of("t1")
    assert route.break_start == 11 * HOUR + 60
    assert route.visits[0].start == 12 * HOUR


def test_unknown_ids_raise() -> None:
    p = problem([0, 1], [tech()], [Stop("a", 1)])
    with pytest.raises(InvalidStopError, match="'zz'"):
        evaluate(p, {"t1": ["zz"]})
    with pytest.raises(InvalidTechnicianError, match="'nobody'"):
        evaluate(p, {"nobody": []})
