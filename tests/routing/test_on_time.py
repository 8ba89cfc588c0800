"""The on-time target: the search lowers the price of lateness as far as the target allows."""

from __future__ import annotations

import pytest

from benchmarks.dispatch.scenario import generate
from routing import Plan, Problem, Stop, solve
from routing._compile import compile_problem
from routing._input import SearchSettings
from routing._sisr import kernel
from routing._sisr.model import Routes, build_model, empty_routes, fill_routes, scratch
from routing._sisr.target import Controller, refine
from tests.routing.helpers import HOUR, problem, tech

MINUTE = 60
STEPS = 3000  # the search is deterministic under a step limit


def _day(counted: tuple[bool, bool] = (True, True), **kw: object) -> Problem:
    """One technician at 0; leaks at +20 (due 8:25) and -20 (due 9:10), a job at +30.

    Punctual: first +20, then -20, then +30: 140 min of driving, nobody late. Shortest:
    +20, +30, -20: 100 min, the leak at -20 finishes 25 min late. At priority 3 the default
    price (75 min of lateness against 40 of driving) keeps both leaks on time.
    """
    east, west = (
        Stop(sid, at, 5 * MINUTE, deadline=due, priority=3, counts_on_time=counts)
        for sid, at, due, counts in (
            ("east", 1, 8 * HOUR + 25 * MINUTE, counted[0]),
            ("west", 2, 9 * HOUR + 10 * MINUTE, counted[1]),
        )
    )
    stops = [east, west, Stop("far-east", 3, service_s=5 * MINUTE)]
    return problem([0, 20, -20, 30], [tech()], stops, **kw)


def _plan(p: Problem) -> Plan:
    return solve(p, time_limit_s=5.0, solution_limit=STEPS)


def test_without_a_target_the_default_price_keeps_both_leaks_on_time() -> None:
    plan = _plan(_day())
    assert plan.route_of("t1").stop_ids == ["east", "west", "far-east"]
    assert plan.travel_s == 140 * MINUTE
    assert plan.late_count == 0


def test_a_target_that_allows_one_late_leak_in_two_drives_the_short_way() -> None:
    plan = _plan(_day(on_time_target=0.5))
    assert plan.route_of("t1").stop_ids == ["east", "far-east", "west"]
    assert plan.travel_s == 100 * MINUTE
    assert [v.stop_id for r in plan.routes for v in r.visits if v.lateness] == ["west"]


def test_a_target_of_all_leaks_keeps_the_punctual_route() -> None:
    plan = _plan(_day(on_time_target=1.0))
    assert plan.route_of("t1").stop_ids == ["east", "west", "far-east"]
    assert plan.late_count == 0


def test_only_stops_that_count_toward_the_rate_are_held_to_it() -> None:
    # "west" is not counted: all counted leaks ("east") stay on time on the short route.
    plan = _plan(_day(counted=(True, False), on_time_target=1.0))
    assert plan.route_of("t1").stop_ids == ["east", "far-east", "west"]
    assert plan.travel_s == 100 * MINUTE


def test_the_same_seed_gives_the_same_plan_under_a_target() -> None:
    day = generate(3, technicians=5, orders=50, emergencies=1).problem()
    p = Problem(day.technicians, day.stops, travel=day.travel, on_time_target=0.98)
    first, second = (solve(p, time_limit_s=30.0, seed=5, solution_limit=4000) for _ in range(2))
    assert first.as_routes() == second.as_routes()


@pytest.mark.parametrize("target", [-0.1, 1.5, float("nan")])
def test_a_target_outside_zero_to_one_is_refused(target: float) -> None:
    with pytest.raises(ValueError, match="on_time_target"):
        _day(on_time_target=target)


def test_the_price_falls_while_on_target_and_rises_when_off() -> None:
    p = _day(on_time_target=1.0)
    compiled = compile_problem(p, seed=0, settings=SearchSettings())
    assert compiled.data.on_time is not None
    node = {p.stops[si].id: n for n, si in enumerate(compiled.stops)}
    model = refine(build_model(compiled.data, [[]]))
    full = model.soft_rate.copy()
    priced = full > 0  # the two leaks
    assert priced.sum() == 2

    def scheduled(order: list[str]) -> Routes:
        routes = empty_routes(model)
        fill_routes(routes, [[node[s] for s in order]])
        kernel.start(model, routes, empty_routes(model), empty_routes(model), scratch(model))
        return routes

    punctual = scheduled(["east", "west", "far-east"])
    short = scheduled(["east", "far-east", "west"])
    controller = Controller(model, compiled.data.on_time)
    controller.epoch(punctual)
    controller.epoch(punctual)
    assert (model.soft_rate[priced] < full[priced]).all()
    lowered = model.soft_rate.copy()
    controller.epoch(short)  # "west" is late: off a target of all leaks
    assert (model.soft_rate[priced] > lowered[priced]).all()
    # The plan kept is the punctual one, although the short one drives less.
    assert controller.result(short) == [[node[s] for s in ["east", "west", "far-east"]]]


def test_a_counted_stop_already_overdue_counts_as_late() -> None:
    stops = [Stop("old", 1, service_s=1800, deadline=-HOUR, counts_on_time=True)]
    p = problem([0, 5], [tech()], stops, on_time_target=0.5)
    compiled = compile_problem(p, seed=0, settings=SearchSettings())
    assert compiled.data.on_time is not None
    model = refine(build_model(compiled.data, [[0]]))
    routes = empty_routes(model)
    fill_routes(routes, [[0]])
    kernel.start(model, routes, empty_routes(model), empty_routes(model), scratch(model))
    reading = Controller(model, compiled.data.on_time).read(routes)
    assert (reading.rate, reading.on_target) == (0.0, False)
