"""The project's solver against pyvroom on generated days, both scored by ``routing.evaluate``
(how pyvroom is set up: :mod:`benchmarks.dispatch.peer`)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field, replace

from routing import Problem, evaluate, replan, solve, warm_up
from routing._input import SearchSettings

from .peer import PEER_RUNS, PYVROOM_WINDOWS, median_run
from .rows import Row, percent, row_of
from .scenario import TIMELINESS_TARGET_PCT, emergency, generate

#: Solver labels the frontier table picks from the main table.
PROJECT = "project"
BLIND = "project, deadlines ignored (lateness_weight=0)"
TARGETED = f"project, on-time target {TIMELINESS_TARGET_PCT:g} %"


def weighted(
    seed: int,
    problem: Problem,
    time_limit_s: float,
    weight: float,
    only: set[str] | None = None,
) -> Row:
    """The project's solver with another ``lateness_weight``, scored on the real problem.

    ``weight=0`` ignores deadlines, as pyvroom plans (its late orders still count): what
    the deadlines cost in travel. With ``only``, the solver sees just those stops (the
    others count as unassigned).
    """
    stops = [s for s in problem.stops if only is None or s.id in only]
    variant = Problem(
        problem.technicians,
        stops,
        travel=problem.travel,
        lateness_weight=weight,
        next_start=problem.next_start,
    )
    t0 = time.perf_counter()
    plan = solve(variant, time_limit_s=time_limit_s, seed=seed)
    wall = time.perf_counter() - t0
    scored = evaluate(problem, plan.as_routes())
    label = BLIND if weight == 0 else f"project, lateness_weight={weight:g}"
    return row_of(seed, label, problem, scored, wall)


def targeted(seed: int, problem: Problem, time_limit_s: float) -> Row:
    """The project's solver holding the leak-timeliness target (``Problem.on_time_target``):
    the lateness price falls as far as the target allows, from the default weight down."""
    variant = replace(problem, on_time_target=TIMELINESS_TARGET_PCT / 100)
    t0 = time.perf_counter()
    plan = solve(variant, time_limit_s=time_limit_s, seed=seed)
    return row_of(seed, TARGETED, problem, plan, time.perf_counter() - t0)


def _ortools_alone(seed: int, problem: Problem, time_limit_s: float) -> Row:
    """The project's model searched by OR-Tools alone (the engine before SISR)."""
    t0 = time.perf_counter()
    plan = solve(problem, time_limit_s=time_limit_s, seed=seed, settings=_ORTOOLS)
    return row_of(seed, "project, OR-Tools search alone", problem, plan, time.perf_counter() - t0)


_ORTOOLS = SearchSettings(engine="ortools")


#: Lateness weights beside the default (1) and 0 for the punctuality-against-driving table.
FRONTIER_WEIGHTS = (0.5, 0.25, 0.125, 0.0625, 0.015625)


#: Lateness weights solved again on just the orders pyvroom served (the coverage table).
MATCHED_WEIGHTS = (1.0, 0.0625, 0.0)
MATCHED = "on pyvroom's orders"


def matched(
    seed: int, problem: Problem, peer: dict[str, list[str]], time_limit_s: float
) -> list[Row]:
    """On a day pyvroom left orders for tomorrow: the project on exactly the ones it served.

    Which orders wait is part of each plan (the project drops one only as a last resort,
    so on an over-full day it serves more, and serving more costs driving); with the same
    orders to serve, what remains is how well each solver plans them.
    """
    served = {sid for ids in peer.values() for sid in ids}
    if len(served) == len(problem.stops):
        return []
    rows = [weighted(seed, problem, time_limit_s, w, only=served) for w in MATCHED_WEIGHTS]
    for row in rows:
        row.solver += f", {MATCHED}"
    return rows


@dataclass
class Comparison:
    """What one run measured: the main table's rows, the re-plans' wall times, the
    project's rows under the other lateness weights (the frontier table) and on pyvroom's
    orders (the coverage table), and the travel of each of pyvroom's runs per day (plain
    and given the deadlines as windows)."""

    rows: list[Row]
    replans: list[float]
    weighted: list[Row]
    matched: list[Row]
    peer_runs: dict[tuple[int, int], list[float]] = field(default_factory=dict)
    window_runs: dict[tuple[int, int], list[float]] = field(default_factory=dict)


def compare(
    seeds: list[int],
    time_limit_s: float,
    sizes: tuple[int, ...] = (300, 200),
    weights: tuple[float, ...] = FRONTIER_WEIGHTS,
    peer_runs: int = PEER_RUNS,
) -> Comparison:
    """Run the solvers on each seed's day of each size, plus one emergency re-plan per day
    and the project's solver under each of ``weights``; pyvroom ``peer_runs`` times a day."""
    result = Comparison([], [], [], [])
    warm_up()  # compile the kernel before the first timed run
    for orders in sizes:
        for seed in seeds:
            problem = generate(seed, orders=orders).problem()
            day, wall, peer, travels = _compare_day(problem, seed, time_limit_s, peer_runs)
            result.peer_runs[(orders, seed)], result.window_runs[(orders, seed)] = travels
            day_weighted = [weighted(seed, problem, time_limit_s, w) for w in weights]
            day_matched = matched(seed, problem, peer, time_limit_s)
            result.rows += day
            result.replans.append(wall)
            result.weighted += day_weighted
            result.matched += day_matched
            for r in day + day_weighted + day_matched:
                print(r, flush=True)
    return result


def _compare_day(
    problem: Problem, seed: int, time_limit_s: float, peer_runs: int
) -> tuple[list[Row], float, dict[str, list[str]], tuple[list[float], list[float]]]:
    """The rows of one day, the re-plan's wall time, the routes of pyvroom's median run
    and the travel of each of its runs (plain, then given the deadlines as windows)."""
    t0 = time.perf_counter()
    plan = solve(problem, time_limit_s=time_limit_s, seed=seed)
    rows = [row_of(seed, PROJECT, problem, plan, time.perf_counter() - t0)]
    rows.append(targeted(seed, problem, time_limit_s))
    rows.append(_ortools_alone(seed, problem, time_limit_s))
    rows.append(weighted(seed, problem, time_limit_s, 0))
    peer, routes, travels = median_run(problem, seed, time_limit_s, peer_runs)
    rows.append(peer)
    windowed, _, window_travels = median_run(problem, seed, time_limit_s, peer_runs, True)
    rows.append(windowed)
    leak = emergency(seed)
    changed = replace(problem, stops=[*problem.stops, leak])
    t0 = time.perf_counter()
    new = replan(plan, changed, time_limit_s=2.0, seed=seed)
    wall = time.perf_counter() - t0
    row = row_of(seed, "project re-plan (+1 grade-1 leak)", changed, new, wall)
    moved = sum(1 for s, t in plan.assignment().items() if new.assignment().get(s, t) != t)
    row.solver += f", {moved} jobs moved"
    rows.append(row)
    return rows, wall, routes, (travels, window_travels)


def markdown(result: Comparison, time_limit_s: float) -> str:
    """The BENCHMARKS.md section of the main table."""
    rows, replans = result.rows, result.replans
    lines = [
        "## Field-dispatch scenarios (project vs pyvroom)",
        "",
        f"Generated days (`benchmarks/dispatch/scenario.py`): Hangzhou, 25 technicians with "
        f"mixed skills, staggered shifts and a lunch break, orders of the four kinds with "
        f"policy deadlines, appointment windows for installs, 4 grade-1 gas leaks. "
        f"300 orders over-fill the day (unassigned orders are expected: they wait for the "
        f"next day); 200 orders about fit it. {time_limit_s:g} s per solver, one thread; "
        f"every plan scored by `routing.evaluate` (lateness = finish after deadline; served "
        f"value = sum of priority x customer weight of the orders served, the worth the "
        f"objective gives an order; leak repairs on time = share of the gas and water "
        f"repairs that finish by their deadline, of those served and those left that "
        f"will be late by tomorrow's first shift, the utilities' repair-timeliness "
        f"rate, target at least {TIMELINESS_TARGET_PCT:g} % in `design/domain.md`). Re-plan: "
        f"one more grade-1 leak inserted at 11:00 into the project's plan, 2 s limit. "
        f'"{TARGETED}": the same solver holding the leak-timeliness target '
        f"(`Problem.on_time_target`), so the price of lateness falls from the default as "
        f"far as the target allows. Unassigned orders wait for tomorrow's first shift "
        f"(`Problem.next_start`); in brackets, how many of them will be late by then. "
        f'"{PYVROOM_WINDOWS}": pyvroom also given every deadline that can still be met as '
        f"a hard window (start by the deadline less the service), so what it serves is on "
        f"time and the rest waits. {_peer_text(result)} "
        f"Generated by `python -m benchmarks.dispatch`.",
        "",
        "| orders | seed | solver | late orders | leak repairs on time | lateness (h) | "
        "travel (h) | unassigned (late by tomorrow) | served value | grade-1 served | "
        "feasible | wall time |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.orders} | {r.seed} | {r.solver} | {r.late} | {percent(r.leaks_on_time_pct)} "
            f"| {r.lateness_h:.2f} | {r.travel_h:.2f} | {r.unassigned} ({r.left_late}) | "
            f"{r.value} | {r.critical_served} | {'yes' if r.feasible else 'NO'} | "
            f"{r.wall_s:.2f} s |"
        )
    lines += [
        "",
        f"Re-plan wall time: mean {statistics.fmean(replans):.2f} s, max {max(replans):.2f} s.",
    ]
    if any(len(travels) > 1 for travels in result.peer_runs.values()):
        lines.append(f"pyvroom's runs, travel (h) by orders/seed: {_runs(result.peer_runs)}.")
        lines.append(f"pyvroom's runs given the deadlines as windows: {_runs(result.window_runs)}.")
    return "\n".join(lines)


def _runs(travels: dict[tuple[int, int], list[float]]) -> str:
    return "; ".join(
        f"{orders}/{seed}: " + ", ".join(f"{t:.2f}" for t in runs)
        for (orders, seed), runs in travels.items()
    )


def _peer_text(result: Comparison) -> str:
    """How pyvroom's row of a day was chosen."""
    runs = max((len(t) for t in result.peer_runs.values()), default=1)
    if runs == 1:
        return "pyvroom: one run a day."
    return (
        f"pyvroom ran {runs} times a day (its timed runs differ); its row, here and in the "
        f"tables below, is its run of median travel, listed under the table (so is the "
        f"row of its second set-up)."
    )
