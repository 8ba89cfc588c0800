"""The arrays the compiled search works on, built from a :class:`SolverInput`.

Numba compiles the search (:mod:`routing._sisr.kernel`) for these named tuples of NumPy
arrays; everything is allocated here, in Python, so the compiled code needs no runtime
memory management (see the kernel's note on ``_nrt=False``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from routing._input import RealClock, SolverInput

I64 = NDArray[np.int64]
I32 = NDArray[np.int32]

#: Larger than any cost the search adds up (all penalties of a day stay far below it).
INF = 1 << 62
#: Penalty total for the stops that must be served; below 2**53 so that the annealing's
#: float comparisons stay exact.
MANDATORY = 1 << 50


class Model(NamedTuple):
    """The problem: stops ``0..S-1``, depots after them; vehicles ``0..V-1``.

    ``travel[i, j]`` is the service at ``i`` plus the drive to ``j``; ``latest_start`` the
    hard closing time of a stop's start, ``soft_at``/``soft_rate`` its soft deadline (the
    rate is 0 for none). Times are real (a break is not folded into them); a vehicle's
    break has a duration of 0 if it has none. ``frozen[k]`` leading stops of vehicle ``k`` (started or pinned
    work) never move; ``neighbours[n]`` lists the stops by cost from ``n``, nearest
    first; ``vehicle_class`` groups vehicles that are interchangeable when empty.
    """

    travel: I64
    service: I64
    cost: I64
    visit_cost: I64
    earliest_start: I64
    latest_start: I64
    soft_at: I64
    soft_rate: I64
    demand: I64
    penalty: I64
    allowed: NDArray[np.bool_]
    remoteness: I64
    shift_start: I64
    shift_end: I64
    start_node: I64
    end_node: I64
    capacity: I64
    max_jobs: I64
    break_earliest: I64
    break_latest: I64
    break_duration: I64
    frozen: I64
    vehicle_class: I64
    neighbours: I32


class Routes(NamedTuple):
    """A solution and its schedule; the kernel keeps three (current, backup, best).

    ``stops[k, :size[k]]`` is vehicle ``k``'s route; ``begin`` the service start at each
    position, ``latest`` the latest start there that keeps the rest of the route feasible,
    ``soft_left[k, i]`` the number of stops with a soft deadline from position ``i`` on.
    With a break: ``break_in[k, i]`` is its start if taken before position ``i`` (else
    ``-1``), ``break_start[k]`` where the route takes it.
    ``vehicle``/``position`` place each stop (``-1``: unassigned).
    """

    stops: I32
    size: I64
    begin: I64
    latest: I64
    soft_left: I64
    break_in: I64
    break_start: I64
    load: I64
    cost: I64
    vehicle: I32
    position: I32


class Scratch(NamedTuple):
    """Working memory of one iteration, and the running totals.

    ``touched`` marks the vehicles a step changed (backed up first), ``broken`` those whose
    last schedule broke a hard limit.

    ``totals`` holds the current cost, the best cost and a stamp counter that marks the
    stops handled in the current iteration (``mark``) and the vehicle classes whose empty
    vehicle was already tried for the current stop (``class_mark``).
    """

    absent: I32
    touched: NDArray[np.bool_]
    broken: NDArray[np.bool_]
    class_mark: I64
    keys: NDArray[np.float64]
    order: I64
    mark: I64
    totals: I64


class Knobs(NamedTuple):
    """SISR parameters (Christiaens & Vanden Berghe 2020) as plain numbers."""

    removed: float
    max_string: float
    blink: float
    near_unassigned: float


def build_model(data: SolverInput, routes: list[list[int]]) -> Model:
    """The kernel's model of ``data``; ``routes`` (the starting solution) fix the frozen part.

    A pinned stop the starting solution left out is never inserted by this engine (its
    position could not be kept); the repair step of :func:`routing.solve` places it.
    """
    s, v = data.num_stops, len(data.shift)
    allowed = np.ones((s, v), dtype=np.bool_)
    for node, vehicles in enumerate(data.allowed):
        if vehicles is not None:
            allowed[node] = False
            allowed[node, vehicles] = True
    routed = {n for r in routes for n in r}
    frozen = np.zeros(v, dtype=np.int64)
    for node in range(s):
        if data.position[node] is not None and node not in routed:
            allowed[node] = False
    for k, route in enumerate(routes):
        pinned = [i for i, n in enumerate(route) if data.position[n] is not None]
        frozen[k] = max(pinned) + 1 if pinned else 0
    cost = np.ascontiguousarray(data.cost, dtype=np.int64)
    starts = np.array(data.starts, dtype=np.int64)
    clock = data.real_clock or RealClock(
        data.window_lo, data.window_hi, data.soft_deadline, data.shift, data.breaks
    )
    soft = [(x if x is not None else (INF, 0)) for x in clock.soft_deadline]
    breaks = np.array([b or (0, 0, 0) for b in clock.breaks], dtype=np.int64).reshape(v, 3)
    return Model(
        travel=np.ascontiguousarray(data.time, dtype=np.int64),
        service=np.asarray(data.service, dtype=np.int64),
        cost=cost,
        visit_cost=_visit_cost(data),
        earliest_start=np.asarray(clock.window_lo, dtype=np.int64),
        latest_start=np.asarray(clock.window_hi, dtype=np.int64),
        soft_at=np.array([a for a, _ in soft], dtype=np.int64).reshape(s),
        soft_rate=np.array([r for _, r in soft], dtype=np.int64).reshape(s),
        demand=np.asarray(data.demand[:s], dtype=np.int64),
        penalty=np.array(
            [mandatory_penalty(s) if p is None else p for p in data.penalty], np.int64
        ),
        allowed=allowed,
        remoteness=cost[np.ix_(starts, np.arange(s))].min(axis=0) if s else np.zeros(0, np.int64),
        shift_start=np.array([a for a, _ in clock.shift], dtype=np.int64),
        shift_end=np.array([b for _, b in clock.shift], dtype=np.int64),
        start_node=starts,
        end_node=np.array(data.ends, dtype=np.int64),
        capacity=np.array([INF if c is None else c for c in data.capacity], dtype=np.int64),
        max_jobs=np.array([s if m is None else m for m in data.max_jobs], dtype=np.int64),
        break_earliest=breaks[:, 0].copy(),
        break_latest=breaks[:, 1].copy(),
        break_duration=breaks[:, 2].copy(),
        frozen=frozen,
        vehicle_class=_vehicle_classes(data, allowed, clock),
        neighbours=_neighbours(cost[:s, :s]),
    )


def mandatory_penalty(stops: int) -> int:
    """The penalty of a stop that must be served, on a model of ``stops`` stops: their sum
    stays below :data:`MANDATORY`."""
    return MANDATORY // (stops + 1)


def _visit_cost(data: SolverInput) -> I64:
    s, v = data.num_stops, len(data.shift)
    if data.visit_cost is None:
        return np.zeros((s, v), dtype=np.int64)
    return np.ascontiguousarray(data.visit_cost, dtype=np.int64)


def _neighbours(cost: I64) -> I32:
    """Stops by symmetric cost from each stop, itself first (SISR's adjacency lists)."""
    sym = cost + cost.T
    np.fill_diagonal(sym, -1)
    return np.argsort(sym, axis=1, kind="stable").astype(np.int32)


def _vehicle_classes(data: SolverInput, allowed: NDArray[np.bool_], clock: RealClock) -> I64:
    """Vehicles with the same depots, shift, break, limits, eligibility and visit costs."""
    classes: dict[tuple[object, ...], int] = {}
    out = np.zeros(len(data.shift), dtype=np.int64)
    for k in range(len(data.shift)):
        visit = b"" if data.visit_cost is None else data.visit_cost[:, k].tobytes()
        key = (
            data.starts[k],
            data.ends[k],
            clock.shift[k],
            clock.breaks[k],
            data.capacity[k],
            data.max_jobs[k],
            allowed[:, k].tobytes(),
            visit,
        )
        out[k] = classes.setdefault(key, len(classes))
    return out


def empty_routes(model: Model) -> Routes:
    """Room for a solution of ``model`` (no stop assigned)."""
    s, v = model.allowed.shape
    length = int(min(s, int(model.max_jobs.max(initial=0)))) + 1
    return Routes(
        stops=np.zeros((v, length), dtype=np.int32),
        size=np.zeros(v, dtype=np.int64),
        begin=np.zeros((v, length), dtype=np.int64),
        latest=np.zeros((v, length), dtype=np.int64),
        soft_left=np.zeros((v, length + 1), dtype=np.int64),
        break_in=np.full((v, length + 1), -1, dtype=np.int64),
        break_start=np.full(v, -1, dtype=np.int64),
        load=np.zeros(v, dtype=np.int64),
        cost=np.zeros(v, dtype=np.int64),
        vehicle=np.full(s, -1, dtype=np.int32),
        position=np.full(s, -1, dtype=np.int32),
    )


def fill_routes(target: Routes, routes: list[list[int]]) -> None:
    """Write node routes into ``target`` (schedules are computed by the kernel)."""
    target.vehicle[:] = -1
    target.position[:] = -1
    for k, route in enumerate(routes):
        target.size[k] = len(route)
        target.stops[k, : len(route)] = route
        target.vehicle[route] = k
        target.position[route] = np.arange(len(route), dtype=np.int32)


def node_routes(routes: Routes) -> list[list[int]]:
    """The routes as lists of stop nodes, one per vehicle."""
    return [[int(n) for n in routes.stops[k, : routes.size[k]]] for k in range(len(routes.size))]


def scratch(model: Model) -> Scratch:
    """Working memory for the kernel."""
    s, v = model.allowed.shape
    return Scratch(
        absent=np.zeros(s, dtype=np.int32),
        touched=np.zeros(v, dtype=np.bool_),
        broken=np.zeros(v, dtype=np.bool_),
        class_mark=np.zeros(v, dtype=np.int64),
        keys=np.zeros(s, dtype=np.float64),
        order=np.zeros(s, dtype=np.int64),
        mark=np.zeros(s, dtype=np.int64),
        totals=np.zeros(3, dtype=np.int64),
    )


def temperature_scale(model: Model) -> float:
    """Mean cost from a stop to its ten nearest stops: the unit of the annealing temperature."""
    s = model.allowed.shape[0]
    if s < 2:
        return 1.0
    near = model.neighbours[:, 1 : min(s, 11)]
    return max(1.0, float(model.cost[np.arange(s)[:, None], near].mean()))
