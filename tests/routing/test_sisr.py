"""The SISR engine on its own: from given starting routes to better ones, never infeasible."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest

from routing import Break, MatrixProvider, Problem, Stop, Technician, Window, evaluate, solve
from routing._compile import compile_problem
from routing._input import SearchSettings, SolverInput
from routing._sisr import improve, supports
from routing._sisr.kernel import start
from routing._sisr.model import build_model, empty_routes, fill_routes, scratch
from tests.routing.helpers import HOUR, problem, tech


def _compiled(p: Problem, seed: int = 0) -> tuple[SolverInput, list[int]]:
    c = compile_problem(p, seed=seed, settings=SearchSettings())
    return c.data, c.stops


def _node(p: Problem, stops: list[int], sid: str) -> int:
    return stops.index(p.stop_index()[sid])


def _ids(p: Problem, stops: list[int], route: list[int]) -> list[str]:
    return [p.stops[stops[n]].id for n in route]


def _cost(data: SolverInput, routes: list[list[int]]) -> int:
    model = build_model(data, routes)
    r, backup, best = (empty_routes(model) for _ in range(3))
    fill_routes(r, routes)
    work = scratch(model)
    assert start(model, r, backup, best, work)
    return int(work.totals[0])


def _later(seconds: float = 5.0) -> float:
    return time.perf_counter() + seconds


def test_a_zigzag_route_is_straightened() -> None:
    xs = [0, 1, 2, 3, 4]
    p = problem(xs, [tech()], [Stop(f"s{k}", k) for k in (1, 2, 3, 4)])
    data, stops = _compiled(p)
    zigzag = [[_node(p, stops, s) for s in ("s3", "s1", "s4", "s2")]]
    routes = improve(data, zigzag, _later(), step_limit=2000)
    assert sorted(_ids(p, stops, routes[0])) == ["s1", "s2", "s3", "s4"]
    assert _cost(data, routes) == 8 * 60 < _cost(data, zigzag)  # out to 4 and back: optimal


def test_left_out_stops_are_inserted_from_empty_routes() -> None:
    p = problem([0, 1, 2], [tech("a"), tech("b")], [Stop("x", 1), Stop("y", 2)])
    data, stops = _compiled(p)
    routes = improve(data, [[], []], _later(), step_limit=50)
    assert sorted(_ids(p, stops, routes[0] + routes[1])) == ["x", "y"]


def test_the_result_is_never_worse_than_the_start() -> None:
    p = _random_day(60, seed=1)
    data, _ = _compiled(p)
    first = solve(p, time_limit_s=0.3, settings=SearchSettings(engine="ortools")).as_routes()
    node_of = {p.stops[si].id: n for n, si in enumerate(_compiled(p)[1])}
    routes = [[node_of[sid] for sid in first[t.id]] for t in p.technicians]
    better = improve(data, routes, _later(), step_limit=300)
    assert _cost(data, better) <= _cost(data, routes)


def test_unservable_stop_stays_out_and_routes_stay_feasible() -> None:
    stops = [Stop("ok", 1, service_s=600), Stop("late", 2, window=Window(0, 7 * HOUR))]
    p = problem([0, 1, 2], [tech()], stops)
    data, nodes = _compiled(p)
    routes = improve(data, [[]], _later(), step_limit=100)
    assert _ids(p, nodes, routes[0]) == ["ok"]


def test_frozen_work_keeps_its_place() -> None:
    xs = [0, 3, 1, 2]
    stops = [
        Stop("started", 1, pinned_technician="t1", started=True),
        Stop("near", 2),
        Stop("nearer", 3),
    ]
    p = problem(xs, [tech()], stops)
    data, nodes = _compiled(p)
    start_order = [[_node(p, nodes, s) for s in ("started", "near", "nearer")]]
    routes = improve(data, start_order, _later(), step_limit=500)
    assert _ids(p, nodes, routes[0])[0] == "started"
    assert sorted(_ids(p, nodes, routes[0])) == ["near", "nearer", "started"]


def test_visit_costs_keep_a_stop_with_its_previous_technician() -> None:
    p = problem([0, 1], [tech("a", 0), tech("b", 0)], [Stop("x", 1)])
    data, _ = _compiled(p)
    data.visit_cost = np.array([[900, 0]], dtype=np.int64)  # moving x to "a" costs 900
    routes = improve(data, [[0], []], _later(), step_limit=200)
    assert routes == [[], [0]]


def test_the_engine_setting_selects_or_tools_alone() -> None:
    noon = 12 * HOUR
    t = tech(break_=Break(noon, noon, HOUR))
    data, _ = _compiled(problem([0, 1], [t], [Stop("a", 1)]))
    assert supports(data)  # breaks included: the engine plans them on the real clock
    assert not supports(replace(data, settings=SearchSettings(engine="ortools")))


def test_an_appointment_after_the_folded_shift_end_is_served_with_a_real_break() -> None:
    # On OR-Tools' folded clock the shift ends at 16:30, too early for a 16:00-18:00
    # appointment of 40 minutes; really the lunch is over and 16:00-16:40 fits.
    lunch = Break(12 * HOUR, 13 * HOUR + 1800, 1800)
    stops = [Stop("install", 1, service_s=2400, window=Window(16 * HOUR, 18 * HOUR))]
    p = problem([0, 1], [tech(break_=lunch)], stops)
    assert solve(p, time_limit_s=0.3, settings=SearchSettings(engine="ortools")).unassigned_count
    plan = solve(p, time_limit_s=0.3)
    assert plan.route_of("t1").stop_ids == ["install"]
    assert plan.feasible
    assert plan.route_of("t1").visits[0].start == 16 * HOUR


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_individual_breaks_give_feasible_plans(seed: int) -> None:
    rng = np.random.default_rng(seed)
    p = _random_day(60, seed)
    techs = [
        replace(t, break_=Break(int(h) * HOUR, int(h) * HOUR + 5400, 1800))
        for t, h in zip(p.technicians, rng.integers(11, 14, len(p.technicians)), strict=True)
    ]
    p = Problem(techs, p.stops, travel=p.travel)
    plan = solve(p, time_limit_s=0.5, seed=seed)
    assert plan.feasible, plan.violations
    assert len(plan.assignment()) > 30
    for route in plan.routes:
        brk = techs[[t.id for t in techs].index(route.technician_id)].break_
        assert brk is not None
        if route.break_start is None:  # only a day over before the break must start
            assert not route.visits or route.return_time <= brk.latest
        else:
            assert brk.earliest <= route.break_start <= brk.latest


def test_same_seed_and_step_limit_give_the_same_routes() -> None:
    p = _random_day(80, seed=2)
    data, _ = _compiled(p)
    empty: list[list[int]] = [[] for _ in p.technicians]
    first = improve(data, empty, _later(30), step_limit=3000)
    second = improve(data, empty, _later(30), step_limit=3000)
    assert first == second
    other = improve(replace(data, seed=1), empty, _later(30), step_limit=3000)
    assert other != first


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_every_constraint_holds_on_random_days(seed: int) -> None:
    p = _random_day(70, seed)
    plan = solve(p, time_limit_s=0.5, seed=seed)
    assert plan.feasible, plan.violations
    again = evaluate(p, plan.as_routes())
    assert again.feasible
    for route in plan.routes:
        t = next(x for x in p.technicians if x.id == route.technician_id)
        assert len(route.visits) <= (t.max_jobs or 10**9)
        for sid in route.stop_ids:
            s = p.stops[p.stop_index()[sid]]
            assert s.skill is None or s.skill in t.skills


def _random_day(n: int, seed: int) -> Problem:
    """Windows, soft deadlines, skills, job limits and capacities on a random square."""
    rng = np.random.default_rng(seed)
    xy = rng.random((n + 3, 2)) * 100
    matrix = np.rint(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) * 20)
    skills = ["gas", "water"]
    techs = [
        Technician(
            f"t{k}",
            k,
            8 * HOUR,
            (16 + k) * HOUR,
            skills=frozenset(skills[: 1 + k % 2]),
            max_jobs=12 + k,
            capacity=40,
        )
        for k in range(3)
    ]
    stops = []
    for i in range(3, n + 3):
        window = Window(int(rng.integers(8, 14)) * HOUR, int(rng.integers(15, 18)) * HOUR)
        stops.append(
            Stop(
                f"s{i}",
                i,
                service_s=int(rng.integers(5, 30)) * 60,
                skill=skills[int(rng.integers(2))],
                window=window if rng.random() < 0.3 else None,
                deadline=int(rng.integers(9, 18)) * HOUR if rng.random() < 0.5 else None,
                demand=int(rng.integers(1, 5)),
                priority=int(rng.integers(1, 4)),
            )
        )
    return Problem(techs, stops, travel=MatrixProvider(matrix))


def test_a_removal_that_breaks_a_window_is_undone() -> None:
    # a -> b directly takes 1000 s, a -> u -> b 20 s: taking u out of [a, u, b] makes b
    # miss its window (travel times that break the triangle inequality, as road data may).
    d = np.array(
        [
            [0, 10, 20, 10, 0],
            [10, 0, 10, 0, 10],
            [20, 10, 0, 10, 1000],
            [10, 0, 10, 0, 10],
            [0, 10, 1000, 10, 0],
        ]
    )
    c = d.copy()
    c[4, 2], c[2, 4], c[1, 0] = 5, 100, 50  # moving u to t2 looks cheap
    techs = [Technician("t1", 0, 0, 5000, skills=frozenset({"x"})), Technician("t2", 3, 0, 5000)]
    stops = [Stop("a", 4, skill="x"), Stop("u", 1), Stop("b", 2, skill="x", window=Window(0, 100))]
    p = Problem(techs, stops, travel=MatrixProvider(d, c))
    for seed in range(3):
        plan = solve(p, time_limit_s=1.0, seed=seed, solution_limit=300)
        assert plan.feasible, plan.violations
        assert plan.unassigned_count == 0


@pytest.mark.parametrize(("seed", "lunch"), [(0, False), (1, False), (0, True), (1, True)])
def test_insertion_cost_equals_the_rescheduled_route(seed: int, lunch: bool) -> None:
    from routing._sisr.breaks import insertion_with_break
    from routing._sisr.model import INF
    from routing._sisr.schedule import insertion_cost, schedule

    p = _random_day(30, seed)
    if lunch:
        brk = Break(12 * HOUR, 13 * HOUR, 2700)
        p = Problem([replace(t, break_=brk) for t in p.technicians], p.stops, travel=p.travel)
    data, _ = _compiled(p, seed)
    half = [[n for n in range(data.num_stops) if n % 3 == k] for k in range(3)]
    routes = [r[: len(r) // 2] for r in half]  # short routes: feasible, stops left over
    model = build_model(data, routes)
    r, trial = empty_routes(model), empty_routes(model)
    fill_routes(r, routes)
    assert all(schedule(model, r, v) for v in range(3))
    checked = 0
    for u in (n for n in range(data.num_stops) if r.vehicle[n] < 0):
        for v in range(3):
            if not model.allowed[u, v]:
                continue
            for i in range(int(r.size[v]) + 1):
                price = insertion_with_break if lunch else insertion_cost
                delta = price(model, r, u, v, i, INF)
                route = list(routes[v])
                route.insert(i, u)
                fill_routes(trial, [route if k == v else [] for k in range(3)])
                feasible = schedule(model, trial, v)
                assert (delta < INF) == feasible, (u, v, i)
                if feasible:
                    assert delta == trial.cost[v] - r.cost[v], (u, v, i)
                    checked += 1
    assert checked > 50


_SPECIALISATIONS = """
import numba
import routing
from routing._sisr import kernel, schedule, breaks
from tests.routing.test_sisr import _random_day

def counts():
    return {
        f"{m.__name__}.{name}": len(d.signatures)
        for m in (kernel, schedule, breaks)
        for name, d in vars(m).items()
        if isinstance(d, numba.core.registry.CPUDispatcher)
    }

routing.warm_up()
before = counts()
routing.solve(_random_day(40, seed=3), time_limit_s=0.3)
after = counts()
print({k: (before[k], after[k]) for k in after if after[k] != before[k]})
"""


def test_warm_up_compiles_what_a_timed_plan_runs() -> None:
    """A plan after :func:`routing.warm_up` compiles nothing more inside its time limit."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _SPECIALISATIONS], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "{}", out.stdout  # kernel function: (before, after) counts
