"""The on-time target: the search lowers the price of lateness as far as the target allows."""

from __future__ import annotations

import time

import pytest

from benchmarks.dispatch.scenario import generate
from routing import Plan, Problem, Stop, Window, evaluate, solve
from routing._compile import compile_problem
from routing._input import SearchSettings
from routing._sisr import _epoch_over, kernel
from routing._sisr.model import Routes, build_model, empty_routes, fill_routes, scratch
from routing._sisr.schedule import schedule
from routing._sisr.target import RESOLUTION, Controller, Reading, refine
from tests.routing.helpers import HOUR, problem, tech

MINUTE = 60
STEPS = 3000  # the search is deterministic under a step limit
PUNCTUAL, SHORT = ["east", "west", "far-east"], ["east", "far-east", "west"]


def _day(counted: tuple[bool, bool] = (True, True), priority: int = 3, **kw: object) -> Problem:
    """One technician at 0; leaks at +20 (due 8:25) and -20 (due 9:10), a job at +30.

    Punctual: first +20, then -20, then +30: 140 min of driving, nobody late. Shortest:
    +20, +30, -20: 100 min, the leak at -20 finishes 25 min late. At priority 3 the default
    price (75 min of lateness against 40 of driving) keeps both leaks on time; at priority
    1 (25 min against 40) it takes the short way.
    """
    east, west = (
        Stop(
            sid,
            at,
            5 * MINUTE,
            deadline=due,
            priority=priority,
            on_time_by=due if counts else None,
        )
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


def test_a_target_the_default_price_misses_is_held_by_a_higher_price() -> None:
    cheap = _plan(_day(priority=1))  # 25 min late costs less than 40 min of driving
    assert cheap.route_of("t1").stop_ids == SHORT
    plan = _plan(_day(priority=1, on_time_target=1.0))
    assert plan.route_of("t1").stop_ids == PUNCTUAL
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


def _controlled(p: Problem) -> tuple[Controller, dict[str, int]]:
    """The controller of ``p``'s search, and the node of each stop id."""
    compiled = compile_problem(p, seed=0, settings=SearchSettings())
    assert compiled.data.on_time is not None
    model = refine(build_model(compiled.data, [[]]))
    node = {p.stops[si].id: n for n, si in enumerate(compiled.stops)}
    return Controller(model, compiled.data.on_time), node


def _scheduled(controller: Controller, node: dict[str, int], order: list[str]) -> Routes:
    """The one technician's route in ``order``, scheduled at the controller's price."""
    model = controller.model
    routes = empty_routes(model)
    fill_routes(routes, [[node[s] for s in order]])
    kernel.start(model, routes, empty_routes(model), empty_routes(model), scratch(model))
    return routes


def test_the_price_falls_while_on_target_and_rises_when_off() -> None:
    controller, node = _controlled(_day(on_time_target=1.0))
    model = controller.model
    full = model.soft_rate.copy()
    priced = full > 0  # the two leaks
    assert priced.sum() == 2
    controller.epoch(_scheduled(controller, node, PUNCTUAL))
    controller.epoch(_scheduled(controller, node, PUNCTUAL))
    assert (model.soft_rate[priced] < full[priced]).all()
    lowered = model.soft_rate.copy()
    short = _scheduled(controller, node, SHORT)
    controller.epoch(short)  # "west" is late: off a target of all leaks
    assert (model.soft_rate[priced] > lowered[priced]).all()
    # The plan kept is the punctual one, although the short one drives less.
    assert controller.result(short) == [[node[s] for s in PUNCTUAL]]


def test_off_target_counted_stops_are_priced_above_full_and_every_penalty_rises_alike() -> None:
    # "west" counts and is late on the short route; "east" does not count.
    controller, node = _controlled(_day(counted=(False, True), on_time_target=1.0))
    model = controller.model
    rate, penalty = model.soft_rate.copy(), model.penalty.copy()
    west, east, job = node["west"], node["east"], node["far-east"]
    short = _scheduled(controller, node, SHORT)
    for _ in range(10):  # more epochs off target than there are steps up
        controller.epoch(short)
    assert model.soft_rate[west] == 8 * rate[west]
    assert model.soft_rate[east] == rate[east]
    assert [model.penalty[n] for n in (west, east, job)] == [
        8 * penalty[n] for n in (west, east, job)
    ]
    # Readings count at the weight, so plans read at different prices compare.
    assert controller.read(short).lateness == rate[west] * 25 * MINUTE
    short.vehicle[west] = -1  # read as if "west" were left out
    assert controller.read(short).dropped == penalty[west]


def test_a_critical_counted_stop_keeps_its_price_off_target_its_penalty_rises_alike() -> None:
    leak = Stop("leak", 1, 5 * MINUTE, deadline=8 * HOUR + 25 * MINUTE, on_time_by=8 * HOUR)
    grade1 = Stop("grade-1", 2, 5 * MINUTE, deadline=9 * HOUR, critical=True, on_time_by=9 * HOUR)
    controller, node = _controlled(
        problem([0, 20, -20], [tech()], [leak, grade1], on_time_target=1.0)
    )
    model = controller.model
    rate, penalty = model.soft_rate.copy(), model.penalty.copy()
    late = _scheduled(controller, node, ["leak", "grade-1"])  # "leak" is counted late from 8:00
    for _ in range(10):
        controller.epoch(late)
    g = node["grade-1"]
    assert (model.soft_rate[g], model.penalty[g]) == (rate[g], 8 * penalty[g])
    assert model.soft_rate[node["leak"]] == 8 * rate[node["leak"]]


def test_a_target_is_not_met_by_leaving_out_a_job_the_leak_would_wait_for() -> None:
    """An appointment at -60 (8:00-9:00), a counted leak at +60 due 9:05.

    Serving both makes the leak 2 h 5 min late; leaving the appointment out keeps the leak on
    time. At 8 times the weight the leak's lateness outweighs the appointment's penalty at
    the weight, so the target would be met by dropping it unless that penalty rises too.
    """
    job = Stop("appointment", 2, 5 * MINUTE, window=Window(8 * HOUR, 9 * HOUR))
    due = 9 * HOUR + 5 * MINUTE
    leak = Stop("leak", 1, 5 * MINUTE, deadline=due, on_time_by=due)
    plan = _plan(problem([0, 60, -60], [tech()], [job, leak], on_time_target=1.0))
    assert plan.route_of("t1").stop_ids == ["appointment", "leak"]
    assert plan.unassigned_count == 0


def test_a_reading_counts_travel_and_lateness_as_the_evaluator_does() -> None:
    p = _day(on_time_target=0.5)
    controller, node = _controlled(p)
    controller.epoch(_scheduled(controller, node, PUNCTUAL))  # the price falls
    for order in (PUNCTUAL, SHORT):
        reading = controller.read(_scheduled(controller, node, order))
        plan = evaluate(p, {"t1": order})
        assert reading.travel == plan.travel_s * RESOLUTION
        assert reading.lateness == 3 * plan.lateness_s * RESOLUTION  # priority 3, full price
    short = controller.read(_scheduled(controller, node, SHORT))
    assert short.lateness == 3 * 25 * MINUTE * RESOLUTION  # "west", at the full price
    assert (short.rate, short.on_target) == (0.5, True)


def test_a_critical_stop_keeps_the_full_price_and_ranks_first() -> None:
    stops = [
        Stop(
            "leak",
            1,
            5 * MINUTE,
            deadline=8 * HOUR + 25 * MINUTE,
            on_time_by=8 * HOUR + 25 * MINUTE,
        ),
        Stop("grade-1", 2, 5 * MINUTE, deadline=9 * HOUR, critical=True, on_time_by=9 * HOUR),
    ]
    controller, node = _controlled(problem([0, 20, -20], [tech()], stops, on_time_target=0.5))
    full = controller.model.soft_rate.copy()
    both = _scheduled(controller, node, ["leak", "grade-1"])
    controller.epoch(both)
    assert controller.model.soft_rate[node["grade-1"]] == full[node["grade-1"]]
    assert controller.model.soft_rate[node["leak"]] < full[node["leak"]]


def test_plans_rank_by_critical_work_then_target_then_coverage_then_travel() -> None:
    def reading(on: bool, top: int = 0, dropped: int = 0, travel: int = 0) -> Reading:
        return Reading(1.0 if on else 0.5, on, top, dropped, travel, 0, 0)

    ranked = [
        reading(False, travel=900),  # every grade-1 job served, off target
        reading(True, top=1, travel=100),  # on target by leaving a grade-1 job out
    ]
    assert sorted(ranked, key=Reading.key) == ranked
    on_target = [reading(True, travel=500), reading(True, travel=600), reading(True, dropped=9)]
    assert sorted([*reversed(on_target)], key=Reading.key) == on_target
    assert reading(True, dropped=9).key() < reading(False).key()


def test_epochs_follow_the_clock_without_a_step_limit() -> None:
    now = time.perf_counter()
    assert not _epoch_over(0, 8, None, began=now, budget=10.0)  # 8 steps: not a twentieth
    assert _epoch_over(0, 8, None, began=now - 0.6, budget=10.0)
    assert _epoch_over(0, 150, 3000, began=now, budget=10.0)
    assert not _epoch_over(1, 150, 3000, began=now - 5, budget=10.0)


def test_a_counted_stop_already_overdue_counts_as_late() -> None:
    stops = [Stop("old", 1, service_s=1800, deadline=-HOUR, on_time_by=-HOUR)]
    p = problem([0, 5], [tech()], stops, on_time_target=0.5)
    compiled = compile_problem(p, seed=0, settings=SearchSettings())
    assert compiled.data.on_time is not None
    model = refine(build_model(compiled.data, [[0]]))
    routes = empty_routes(model)
    fill_routes(routes, [[0]])
    kernel.start(model, routes, empty_routes(model), empty_routes(model), scratch(model))
    reading = Controller(model, compiled.data.on_time).read(routes)
    assert (reading.rate, reading.on_target) == (0.0, False)


def test_a_leak_left_that_will_be_late_by_tomorrow_counts_as_late() -> None:
    """Leaving "west" (due 9:10 today) out does not make the rest on target: it will be
    late whenever it is done; without a next working day it is simply not served."""
    tomorrow = 24 * HOUR + 8 * HOUR
    for kw, rate in (({"next_start": tomorrow}, 0.5), ({}, 1.0)):
        controller, node = _controlled(_day(on_time_target=1.0, **kw))
        routes = empty_routes(controller.model)
        fill_routes(routes, [[node["east"], node["far-east"]]])
        assert schedule(controller.model, routes, 0)  # as planned: "west" is left out
        reading = controller.read(routes)
        assert (reading.rate, reading.on_target) == (rate, rate == 1.0)
