"""solve() on tiny instances whose optimum is known by hand, one constraint at a time."""

from __future__ import annotations

import time

import numpy as np
import pytest

from routing import Break, MatrixProvider, Problem, Stop, Technician, Window, solve
from tests.routing.helpers import HOUR, problem, tech

FAST = 0.2


def test_line_is_served_out_and_back() -> None:
    p = problem([0, 1, 2, 3], [tech()], [Stop(f"s{k}", k, service_s=600) for k in (3, 1, 2)])
    plan = solve(p, time_limit_s=FAST)
    assert plan.route_of("t1").stop_ids in (["s1", "s2", "s3"], ["s3", "s2", "s1"])
    assert plan.travel_s == 360
    assert plan.unassigned_count == 0
    assert plan.feasible


def test_two_clusters_two_technicians() -> None:
    xs = [0, 10, 1, 2, 9, 11]
    stops = [Stop(f"s{k}", k) for k in (2, 3, 4, 5)]
    plan = solve(problem(xs, [tech("a", 0), tech("b", 1)], stops), time_limit_s=FAST)
    assert sorted(plan.route_of("a").stop_ids) == ["s2", "s3"]
    assert sorted(plan.route_of("b").stop_ids) == ["s4", "s5"]
    assert plan.travel_s == 480


def test_hard_window_forces_the_order() -> None:
    stops = [
        Stop("near", 1, service_s=600, window=Window(9 * HOUR, 9 * HOUR + 600)),
        Stop("far", 2, service_s=600, window=Window(8 * HOUR, 8 * HOUR + 1800)),
    ]
    plan = solve(problem([0, 1, 2], [tech()], stops), time_limit_s=FAST)
    route = plan.route_of("t1")
    assert route.stop_ids == ["far", "near"]
    near = route.visits[1]
    assert near.start == 9 * HOUR
    assert near.waiting > 0


def test_skills_route_each_job_to_a_qualified_technician() -> None:
    techs = [tech("g", skills=frozenset({"gas"})), tech("w", skills=frozenset({"water"}))]
    stops = [Stop("leak", 1, skill="gas"), Stop("pipe", 1, skill="water")]
    plan = solve(problem([0, 1], techs, stops), time_limit_s=FAST)
    assert plan.assignment() == {"leak": "g", "pipe": "w"}


def test_max_jobs_and_capacity_split_the_work() -> None:
    techs = [tech("a", 0, max_jobs=1), tech("b", 1, capacity=5)]
    stops = [Stop("x", 0), Stop("y", 0), Stop("z", 1, demand=4), Stop("w", 1, demand=4)]
    plan = solve(problem([0, 3], techs, stops), time_limit_s=FAST)
    a, b = plan.route_of("a").stop_ids, plan.route_of("b").stop_ids
    assert len(a) == 1
    assert a[0] in ("z", "w")
    assert sorted(a + b) == ["w", "x", "y", "z"]
    assert plan.feasible


def test_break_is_kept_within_its_window() -> None:
    noon = 12 * HOUR
    t = tech(break_=Break(noon, noon, HOUR))
    stops = [Stop("a", 1, service_s=1800, window=Window(noon - 1800, noon + 1800))]
    plan = solve(problem([0, 1], [t], stops), time_limit_s=FAST)
    route = plan.route_of("t1")
    assert route.stop_ids == ["a"]
    assert route.visits[0].end <= noon  # served before the fixed lunch hour
    assert route.break_start == noon
    assert plan.feasible


def test_priority_decides_who_is_late() -> None:
    due = 8 * HOUR + 60 + 2 * HOUR
    stops = [
        Stop("low", 1, service_s=2 * HOUR, deadline=due),
        Stop("high", 1, service_s=2 * HOUR, deadline=due, priority=5),
    ]
    plan = solve(problem([0, 1], [tech()], stops), time_limit_s=FAST)
    assert plan.route_of("t1").stop_ids == ["high", "low"]
    assert (plan.late_count, plan.lateness_s) == (1, 2 * HOUR)


def test_pins_and_started_jobs_stay_put() -> None:
    xs = [0, 10, 1, 2, 3]
    stops = [
        Stop("pinned", 2, pinned_technician="b"),
        Stop("started", 4, pinned_technician="a", started=True),
        Stop("second", 3, pinned_technician="a", pinned_position=1),
        Stop("free", 3),
    ]
    plan = solve(problem(xs, [tech("a", 0), tech("b", 1)], stops), time_limit_s=FAST)
    assert plan.route_of("b").stop_ids == ["pinned"]
    assert plan.route_of("a").stop_ids[:2] == ["started", "second"]
    assert plan.feasible


def test_critical_leak_is_kept_over_heavier_work() -> None:
    t = tech(shift_end=9 * HOUR)
    stops = [
        Stop("big", 1, service_s=2400, priority=5, weight=3),
        Stop("leak", 1, service_s=2400, skill="gas", critical=True),
    ]
    plan = solve(problem([0, 1], [t], stops), time_limit_s=FAST)
    assert plan.route_of("t1").stop_ids == ["leak"]
    assert plan.reasons() == {"big": "not enough time left in the shifts of technicians available"}


def _random_problem(n: int, seed: int) -> Problem:
    rng = np.random.default_rng(seed)
    xy = rng.random((n + 1, 2)) * 100
    matrix = np.rint(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) * 30)
    techs = [Technician(f"t{k}", 0, 0, 12 * HOUR) for k in range(4)]
    stops = [
        Stop(f"s{i}", i, service_s=600, deadline=int(rng.integers(2, 12)) * HOUR)
        for i in range(1, n + 1)
    ]
    return Problem(techs, stops, travel=MatrixProvider(matrix))


def test_same_seed_same_plan() -> None:
    p = _random_problem(60, 3)
    first = solve(p, time_limit_s=5, seed=7, solution_limit=200)
    second = solve(p, time_limit_s=5, seed=7, solution_limit=200)
    assert first.as_routes() == second.as_routes()
    assert first.objective == second.objective


def test_time_limit_is_respected() -> None:
    p = _random_problem(150, 4)
    t0 = time.perf_counter()
    plan = solve(p, time_limit_s=1.0)
    elapsed = time.perf_counter() - t0
    assert elapsed < 1.1
    assert plan.unassigned_count == 0


def test_no_technicians_or_no_stops() -> None:
    empty = solve(problem([0, 1], [tech()], []), time_limit_s=FAST)
    assert empty.routes[0].visits == ()
    assert empty.objective == 0
    nobody = solve(problem([0, 1], [tech(active=False)], [Stop("a", 1)]), time_limit_s=FAST)
    assert nobody.reasons() == {"a": "no active technician"}


@pytest.mark.parametrize("seed", [0, 1])
def test_plan_totals_match_the_evaluator(seed: int) -> None:
    from routing import evaluate

    p = _random_problem(40, seed)
    plan = solve(p, time_limit_s=0.5, seed=seed)
    again = evaluate(p, plan.as_routes())
    assert (again.travel_s, again.lateness_s, again.objective) == (
        plan.travel_s,
        plan.lateness_s,
        plan.objective,
    )
