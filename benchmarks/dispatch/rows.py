"""A plan of a generated day as the benchmark tables print it: one row per solver run."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from routing import Plan, Problem

from .scenario import TIMELINESS_TARGET_PCT


@dataclass
class Row:
    """One solver on one scenario."""

    seed: int
    orders: int
    solver: str
    late: int
    lateness_h: float
    travel_h: float
    unassigned: int
    value: int
    critical_served: str
    feasible: bool
    wall_s: float
    leaks_on_time_pct: float | None = None  # see leaks_on_time; None: no leak repair counted
    left_late: int = 0  # unassigned orders that will be late by tomorrow's first shift


def leaks_on_time(problem: Problem, plan: Plan) -> float | None:
    """Per cent of the leak repairs finished by their deadline (the domain's
    repair-timeliness rate) among those ``plan`` serves and those it leaves for
    :attr:`~routing.Problem.next_start` that cannot be on time by then (they will be late
    whenever they are done); None when there are none."""
    leak = {s.id for s in problem.stops if s.on_time_by is not None}
    visits = [v for r in plan.routes for v in r.visits if v.stop_id in leak]
    left_late = problem.left_late(u.stop_id for u in plan.unassigned)
    if not visits and not left_late:
        return None
    return 100.0 * sum(v.lateness == 0 for v in visits) / (len(visits) + len(left_late))


def worst_rate(rates: Iterable[float | None]) -> float | None:
    """The lowest timeliness rate of several plans (None: no plan served a leak repair)."""
    return min((rate for rate in rates if rate is not None), default=None)


def percent(value: float | None) -> str:
    """A timeliness rate as the tables print it, marked where it misses the target."""
    if value is None:
        return "—"
    shown = math.floor(value * 10) / 10  # 97.96 is not shown as 98.0
    return f"{shown:.1f} %" + ("" if value >= TIMELINESS_TARGET_PCT else " (below target)")


def row_of(seed: int, solver: str, problem: Problem, plan: Plan, wall: float) -> Row:
    critical = [s.id for s in problem.stops if s.critical]
    served = plan.assignment()
    return Row(
        seed,
        len(problem.stops),
        solver,
        plan.late_count,
        round(plan.lateness_s / 3600, 2),
        round(plan.travel_s / 3600, 2),
        plan.unassigned_count,
        sum(s.lateness_rate for s in problem.stops if s.id in served),
        f"{sum(c in served for c in critical)}/{len(critical)}",
        plan.feasible,
        round(wall, 2),
        leaks_on_time(problem, plan),
        late_tomorrow(problem, plan),
    )


def late_tomorrow(problem: Problem, plan: Plan) -> int:
    """How many of the orders ``plan`` leaves for tomorrow will be late by then
    (:attr:`routing.Problem.carry_over`)."""
    index = problem.stop_index()
    return sum(int(problem.carry_over[index[u.stop_id]] > 0) for u in plan.unassigned)
