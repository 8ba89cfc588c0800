"""An independent evaluator: schedule given routes and check every hard constraint.

:func:`solve` builds its :class:`~routing.Plan` with this evaluator, and the benchmarks use
it to score routes from other solvers on equal terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .errors import InvalidStopError, InvalidTechnicianError
from .model import Stop, Technician
from .plan import Plan, Route, Unassigned, Visit
from .problem import Problem
from .reasons import explain_dropped, infeasible_reasons


@dataclass
class _Clock:
    """Mutable state while walking one route."""

    time: int
    loc: int
    break_start: int | None = None
    travel: int = 0
    cost: int = 0
    violations: list[str] = field(default_factory=list)


def _break(
    tech: Technician, clock: _Clock, travel: int, arrival: int, ready: int, service: int
) -> tuple[int, int, int]:
    """Place the break around the next leg if needed; return ``(arrival, start, pause)``.

    The break is taken on arrival at the next stop (before its service) when it fits
    into the waiting time for free, or when serving the stop first would push the break
    past its latest start; then ``pause`` is the break's share of the time between
    arrival and start. If the technician would arrive after the break's latest start,
    the break is taken before the leg instead. Either way a stop served after the break
    starts at most the break's duration later than it would without one, provided
    services and legs are shorter than the break window (what
    :mod:`routing._breaks` relies on).
    """
    start = max(arrival, ready)
    b = tech.break_
    if b is None or clock.break_start is not None:
        return arrival, start, 0
    forced = start + service > b.latest
    here = max(arrival, b.earliest)
    if here <= b.latest and (forced or here + b.duration_s <= start):
        clock.break_start = here
        return arrival, max(start, here + b.duration_s), b.duration_s
    if not forced:
        return arrival, start, 0
    bstart = max(clock.time, b.earliest)
    clock.break_start = bstart
    if bstart > b.latest:
        clock.violations.append(f"technician {tech.id!r}: break cannot start by {b.latest}")
    arrival = bstart + b.duration_s + travel
    return arrival, max(arrival, ready), 0


def _visit(problem: Problem, tech: Technician, stop: Stop, si: int, clock: _Clock) -> Visit:
    loc = int(problem.stop_loc[si])
    travel = int(problem.durations[clock.loc, loc])
    ready = stop.window.start if stop.window else 0
    arrival, start, pause = _break(tech, clock, travel, clock.time + travel, ready, stop.service_s)
    end = start + stop.service_s
    lateness = max(0, end - stop.deadline) if stop.deadline is not None else 0
    where = f"stop {stop.id!r} on {tech.id!r}"
    if stop.window and start > stop.window.end:
        clock.violations.append(f"{where}: starts at {start}, window closes {stop.window.end}")
    if stop.hard_deadline and lateness:
        clock.violations.append(f"{where}: misses its hard deadline by {lateness} s")
    if stop.skill is not None and stop.skill not in tech.skills:
        clock.violations.append(f"{where}: technician lacks skill {stop.skill!r}")
    clock.travel += travel
    clock.cost += int(problem.costs[clock.loc, loc])
    clock.time, clock.loc = end, loc
    return Visit(stop.id, arrival, start, end, start - arrival - pause, lateness, travel)


def _check_route(tech: Technician, stops: list[Stop], clock: _Clock) -> None:
    where = f"technician {tech.id!r}"
    if stops and not tech.active:
        clock.violations.append(f"{where}: is not active but has {len(stops)} stops")
    if tech.max_jobs is not None and len(stops) > tech.max_jobs:
        clock.violations.append(f"{where}: {len(stops)} stops exceed max_jobs {tech.max_jobs}")
    load = sum(s.demand for s in stops)
    if tech.capacity is not None and load > tech.capacity:
        clock.violations.append(f"{where}: load {load} exceeds capacity {tech.capacity}")
    for pos, s in enumerate(stops):
        if s.pinned_technician is not None and s.pinned_technician != tech.id:
            clock.violations.append(f"stop {s.id!r}: pinned to {s.pinned_technician!r}")
        elif s.pinned_position is not None and s.pinned_position != pos:
            clock.violations.append(f"stop {s.id!r}: pinned at {s.pinned_position}, is {pos}")
        elif s.started and pos != 0:
            clock.violations.append(f"stop {s.id!r}: started job is not first")


def _route(
    problem: Problem, ti: int, stop_ids: Sequence[str], index: dict[str, int]
) -> tuple[Route, _Clock]:
    tech = problem.technicians[ti]
    clock = _Clock(time=tech.shift_start, loc=int(problem.start_loc[ti]))
    stops = [problem.stops[index[sid]] for sid in stop_ids]
    visits = [_visit(problem, tech, s, index[s.id], clock) for s in stops]
    ret = tech.shift_start
    if visits:
        end_loc = int(problem.end_loc[ti])
        travel = int(problem.durations[clock.loc, end_loc])
        ret, _, _ = _break(tech, clock, travel, clock.time + travel, 0, 0)
        clock.travel += travel
        clock.cost += int(problem.costs[clock.loc, end_loc])
    if ret > tech.shift_end:
        clock.violations.append(
            f"technician {tech.id!r}: back at {ret}, shift ends {tech.shift_end}"
        )
    _check_route(tech, stops, clock)
    departure = tech.shift_start
    if visits and (clock.break_start is None or clock.break_start >= visits[0].end):
        first = visits[0]
        departure += first.waiting
        visits[0] = Visit(
            first.stop_id, first.start, first.start, first.end, 0, first.lateness, first.travel_s
        )
    route = Route(tech.id, tuple(visits), departure, ret, clock.travel, clock.break_start)
    return route, clock


def evaluate(
    problem: Problem,
    routes: Mapping[str, Sequence[str]],
    *,
    reasons: Mapping[str, str] | None = None,
) -> Plan:
    """Schedule ``routes`` on ``problem`` and score them, independently of any solver.

    Each stop starts as early as its window and the route allow (which minimises
    lateness for the given order); the break is taken between jobs within its window.

    Parameters
    ----------
    problem
        The problem the routes belong to.
    routes
        ``{technician_id: [stop_id, ...]}`` in visiting order; technicians left out have
        an empty route.
    reasons
        Optional reasons for stops left out; others get one computed here.

    Returns
    -------
    Plan
        Schedule, totals and ``violations`` (empty when every hard constraint holds).

    Raises
    ------
    InvalidTechnicianError, InvalidStopError
        For an unknown technician or stop id.
    """
    index = problem.stop_index()
    tindex = problem.technician_index()
    for tid, ids in routes.items():
        if tid not in tindex:
            raise InvalidTechnicianError(tid, "not in the problem")
        for sid in ids:
            if sid not in index:
                raise InvalidStopError(sid, "not in the problem")
    built = [
        _route(problem, ti, routes.get(t.id, ()), index) for ti, t in enumerate(problem.technicians)
    ]
    violations = [v for _, clock in built for v in clock.violations]
    seen: set[str] = set()
    for route, _ in built:
        for sid in route.stop_ids:
            if sid in seen:
                violations.append(f"stop {sid!r}: visited more than once")
            seen.add(sid)
    lateness_cost = sum(_lateness_cost(problem, index, r.visits) for r, _ in built)
    missing = [i for i, s in enumerate(problem.stops) if s.id not in seen]
    penalties = problem.drop_penalties()
    given = dict(reasons or {})
    found = infeasible_reasons(problem)
    unassigned = tuple(
        Unassigned(
            problem.stops[i].id,
            given.get(problem.stops[i].id) or found.get(i) or explain_dropped(problem, i),
        )
        for i in missing
    )
    visits = [v for r, _ in built for v in r.visits]
    return Plan(
        routes=tuple(r for r, _ in built),
        unassigned=unassigned,
        travel_s=sum(c.travel for _, c in built),
        lateness_s=sum(v.lateness for v in visits),
        late_count=sum(1 for v in visits if v.lateness > 0),
        objective=problem.objective_of(sum(c.cost for _, c in built), lateness_cost)
        + int(sum(int(penalties[i]) for i in missing)),
        violations=tuple(violations),
    )


def route_cost(problem: Problem, ti: int, stop_ids: Sequence[str]) -> int | None:
    """Travel plus lateness cost of one route in objective units (``None``: infeasible)."""
    index = problem.stop_index()
    route, clock = _route(problem, ti, stop_ids, index)
    if clock.violations:
        return None
    return problem.objective_of(clock.cost, _lateness_cost(problem, index, route.visits))


def _lateness_cost(problem: Problem, index: Mapping[str, int], visits: Sequence[Visit]) -> int:
    """Rate-weighted lateness that could have been avoided (see ``Problem.lateness_origin``)."""
    origin = problem.lateness_origin
    total = 0
    for v in visits:
        si = index[v.stop_id]
        if v.lateness and origin[si] >= 0:
            total += problem.stops[si].lateness_rate * max(0, v.end - int(origin[si]))
        elif v.lateness:
            total += problem.stops[si].lateness_rate * v.lateness
    return total
