"""The three solvers on a Solomon instance; each returns routes of customer numbers.

Every solver gets the same integer data: distances scaled by :data:`SCALE`, rounded for
the objective and rounded *up* for travel times, so a route feasible in integers is
feasible in double precision too.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

import routing
from routing._ortools import SearchSettings

from .instances import Instance

SCALE = 1000
Routes = list[list[int]]
Solver = Callable[[Instance, float, int], Routes]


def scaled(inst: Instance, scale: int = SCALE) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """``(durations, costs)``: ceil and round of the scaled distances."""
    d = inst.distances() * scale
    return np.ceil(d - 1e-9).astype(np.int64), np.rint(d).astype(np.int64)


def to_problem(inst: Instance, scale: int = SCALE) -> routing.Problem:
    """The instance as a :class:`routing.Problem` (locations are matrix indices)."""
    durations, costs = scaled(inst, scale)
    depot_open, depot_close = int(inst.ready[0]) * scale, int(inst.due[0]) * scale
    techs = [
        routing.Technician(f"v{k}", 0, depot_open, depot_close, capacity=inst.capacity)
        for k in range(inst.vehicles)
    ]
    stops = [
        routing.Stop(
            str(c),
            c,
            service_s=int(inst.service[c]) * scale,
            window=routing.Window(int(inst.ready[c]) * scale, int(inst.due[c]) * scale),
            demand=int(inst.demand[c]),
        )
        for c in range(1, inst.size + 1)
    ]
    return routing.Problem(techs, stops, travel=routing.MatrixProvider(durations, costs))


def solve_project(
    inst: Instance, time_limit_s: float, seed: int, settings: SearchSettings | None = None
) -> Routes:
    """The project's solver (:func:`routing.solve`), through its public API."""
    plan = routing.solve(to_problem(inst), time_limit_s=time_limit_s, seed=seed, settings=settings)
    return [[int(sid) for sid in r.stop_ids] for r in plan.routes if r.visits]


def solve_pyvrp(inst: Instance, time_limit_s: float, seed: int) -> Routes:
    """PyVRP's hybrid genetic search with its default parameters."""
    import pyvrp
    from pyvrp.stop import MaxRuntime

    durations, costs = scaled(inst)
    m = pyvrp.Model()
    locs = [m.add_location(float(x), float(y)) for x, y in inst.xy]
    depot = m.add_depot(
        locs[0], tw_early=int(inst.ready[0]) * SCALE, tw_late=int(inst.due[0]) * SCALE
    )
    m.add_vehicle_type(
        inst.vehicles,
        capacity=inst.capacity,
        start_depot=depot,
        end_depot=depot,
        tw_early=int(inst.ready[0]) * SCALE,
        tw_late=int(inst.due[0]) * SCALE,
    )
    for c in range(1, inst.size + 1):
        m.add_client(
            locs[c],
            delivery=int(inst.demand[c]),
            service_duration=int(inst.service[c]) * SCALE,
            tw_early=int(inst.ready[c]) * SCALE,
            tw_late=int(inst.due[c]) * SCALE,
        )
    n = len(locs)
    for i in range(n):
        for j in range(n):
            m.add_edge(locs[i], locs[j], int(costs[i, j]), int(durations[i, j]))
    result = m.solve(MaxRuntime(time_limit_s), seed=seed, display=False)
    # A client activity's idx counts clients from 0 in insertion order: customer idx + 1.
    return [[a.idx + 1 for a in r.schedule() if a.is_client()] for r in result.best.routes()]


def solve_vroom(inst: Instance, time_limit_s: float, seed: int) -> Routes:
    """pyvroom at exploration level 5 on one thread, costs = scaled distances."""
    import datetime

    import vroom

    del seed  # vroom has no seed; it is deterministic
    durations, costs = scaled(inst)
    problem = vroom.Input()
    problem.set_durations_matrix("car", durations.tolist())
    problem.set_costs_matrix("car", costs.tolist())
    window = vroom.TimeWindow(int(inst.ready[0]) * SCALE, int(inst.due[0]) * SCALE)
    for k in range(inst.vehicles):
        problem.add_vehicle(
            vroom.Vehicle(k, start=0, end=0, capacity=[inst.capacity], time_window=window)
        )
    for c in range(1, inst.size + 1):
        tw = vroom.TimeWindow(int(inst.ready[c]) * SCALE, int(inst.due[c]) * SCALE)
        problem.add_job(
            vroom.Job(
                c,
                location=c,
                default_service=int(inst.service[c]) * SCALE,
                delivery=[int(inst.demand[c])],
                time_windows=[tw],
            )
        )
    timeout = datetime.timedelta(seconds=time_limit_s)
    solution = problem.solve(exploration_level=5, nb_threads=1, timeout=timeout)
    routes = solution.routes
    out: Routes = []
    for _, group in routes[routes["type"] == "job"].groupby("vehicle_id", sort=True):
        out.append([int(x) for x in group["id"]])
    return out


SOLVERS: dict[str, Solver] = {
    "project": solve_project,
    "pyvrp": solve_pyvrp,
    "vroom": solve_vroom,
}
