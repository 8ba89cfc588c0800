"""The only module that imports OR-Tools: build a routing model and search it.

It sees nodes and integer matrices only; :mod:`routing.solve` translates the problem into
a :class:`SolverInput` and the routes back into a plan. Callbacks are registered as
precomputed matrices, so no Python runs during the search.
"""

from __future__ import annotations

import time
from dataclasses import replace

from ortools.constraint_solver import pywrapcp, routing_enums_pb2, routing_ils_pb2

from ._input import HEAVY_OPERATORS, SearchSettings, SolverInput
from ._seed import repaired_routes, trimmed_routes

__all__ = ["HEAVY_OPERATORS", "SearchSettings", "SolverInput", "search"]


def _dimension_count(
    model: pywrapcp.RoutingModel, manager: pywrapcp.RoutingIndexManager, data: SolverInput
) -> None:
    """Count stops along each route: caps ``max_jobs`` and fixes pinned positions."""
    if all(m is None for m in data.max_jobs) and all(p is None for p in data.position):
        return
    s = data.num_stops
    cb = model.RegisterUnaryTransitVector([1] * s + [0] * (data.num_nodes - s))
    caps = [s if m is None else m for m in data.max_jobs]
    model.AddDimensionWithVehicleCapacity(cb, 0, caps, True, "count")
    dim = model.GetDimensionOrDie("count")
    for node, pos in enumerate(data.position):
        if pos is not None:
            dim.CumulVar(manager.NodeToIndex(node)).SetRange(pos, pos)


def _dimension_load(model: pywrapcp.RoutingModel, data: SolverInput) -> None:
    if all(c is None for c in data.capacity):
        return
    cb = model.RegisterUnaryTransitVector([int(x) for x in data.demand])
    big = int(data.demand.sum()) + 1
    caps = [big if c is None else c for c in data.capacity]
    model.AddDimensionWithVehicleCapacity(cb, 0, caps, True, "load")


def _dimension_time(
    model: pywrapcp.RoutingModel, manager: pywrapcp.RoutingIndexManager, data: SolverInput
) -> None:
    cb = model.RegisterTransitMatrix(data.time.tolist())
    horizon = int(data.horizon)
    model.AddDimension(cb, horizon, horizon, False, "time")
    dim = model.GetDimensionOrDie("time")
    for node in range(data.num_stops):
        index = manager.NodeToIndex(node)
        dim.CumulVar(index).SetRange(int(data.window_lo[node]), int(data.window_hi[node]))
        soft = data.soft_deadline[node]
        if soft is not None:
            dim.SetCumulVarSoftUpperBound(index, soft[0], soft[1])
    for vehicle, (lo, hi) in enumerate(data.shift):
        dim.CumulVar(model.Start(vehicle)).SetRange(lo, hi)
        dim.CumulVar(model.End(vehicle)).SetRange(lo, hi)
    if any(b is not None for b in data.breaks):
        solver = model.solver()
        visit = [int(data.service[manager.IndexToNode(i)]) for i in range(model.Size())]
        for vehicle, b in enumerate(data.breaks):
            if b is None:
                continue
            iv = solver.FixedDurationIntervalVar(b[0], b[1], b[2], False, f"break {vehicle}")
            dim.SetBreakIntervalsOfVehicle([iv], vehicle, visit)


def _parameters(
    data: SolverInput, time_limit_s: float, solution_limit: int | None
) -> pywrapcp.RoutingSearchParameters:
    params = pywrapcp.DefaultRoutingSearchParameters()
    st = data.settings
    params.first_solution_strategy = getattr(
        routing_enums_pb2.FirstSolutionStrategy, _first_solution(data)
    )
    params.local_search_metaheuristic = getattr(
        routing_enums_pb2.LocalSearchMetaheuristic, st.metaheuristic
    )
    params.guided_local_search_lambda_coefficient = st.gls_lambda
    if st.ils:
        ils = params.iterated_local_search_parameters
        ruin = ils.ruin_recreate_parameters.ruin_strategies
        del ruin[:]
        sisr = ruin.add().sisr
        sisr.max_removed_sequence_size = st.ruin_max_sequence
        sisr.avg_num_removed_visits = st.ruin_avg_removed
        sisr.bypass_factor = st.ruin_bypass
        if st.ruin_random_walk:
            ruin.add().random_walk.num_removed_visits = st.ruin_random_walk
            one = routing_ils_pb2.RuinCompositionStrategy.RUN_ONE_RANDOMLY
            ils.ruin_recreate_parameters.ruin_composition_strategy = one
        ils.reference_solution_acceptance_strategy.simulated_annealing.automatic_temperatures = True
        ils.improve_perturbed_solution = True
    for name in st.operators_off:
        setattr(params.local_search_operators, f"use_{name}", pywrapcp.BOOL_FALSE)
    for path, value in st.overrides:
        _set(params, path, value)
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    if solution_limit is not None:
        params.solution_limit = solution_limit
    params.log_search = st.log
    return params


def _first_solution(data: SolverInput) -> str:
    """``settings.first_solution``, with ``AUTO`` resolved from the problem's shape.

    Clarke-Wright savings when every route starts and ends at one shared depot (what it
    is designed for; better on clustered Solomon instances), otherwise parallel cheapest
    insertion (technicians leaving from home).
    """
    if data.settings.first_solution != "AUTO":
        return data.settings.first_solution
    if len(set(data.starts) | set(data.ends)) == 1:
        return "SAVINGS"
    return "PARALLEL_CHEAPEST_INSERTION"


def _set(params: object, path: str, value: float | int | bool | str) -> None:
    """Set a (dotted) search parameter; booleans of operators become ``BOOL_TRUE/FALSE``."""
    *parents, name = path.split(".")
    target = params
    for part in parents:
        target = getattr(target, part)
    if parents and parents[-1] == "local_search_operators":
        value = pywrapcp.BOOL_TRUE if value else pywrapcp.BOOL_FALSE
    elif isinstance(value, str):
        value = getattr(routing_enums_pb2.LocalSearchMetaheuristic, value)
    current = getattr(target, name)
    if hasattr(current, "append"):  # a repeated field: the value is appended
        current.append(value)
    else:
        setattr(target, name, value)


def _improve(
    model: pywrapcp.RoutingModel,
    manager: pywrapcp.RoutingIndexManager,
    data: SolverInput,
    params: pywrapcp.RoutingSearchParameters,
) -> pywrapcp.Assignment | None:
    """Re-planning: improve the previous routes by guided local search.

    Iterated local search cannot start from a given solution. The previous routes are
    first repaired (pinned and started work moved to its place); if they still break a
    constraint, the search starts from the pinned work alone. ``params`` is left as it
    was, so a caller falling back to a fresh search gets its own metaheuristic.
    """
    assert data.initial_routes is not None
    gls = pywrapcp.DefaultRoutingSearchParameters()
    gls.CopyFrom(params)
    gls.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    gls.use_iterated_local_search = False
    repaired, touched = repaired_routes(data, data.initial_routes)
    initial = _read_routes(model, manager, repaired)
    while initial is None and (trimmed := trimmed_routes(data, repaired, touched)) is not None:
        repaired = trimmed
        initial = _read_routes(model, manager, repaired)
    if initial is None:
        pinned = [[n for n in r if data.position[n] is not None] for r in repaired]
        initial = _read_routes(model, manager, pinned)
    return None if initial is None else model.SolveFromAssignmentWithParameters(initial, gls)


def _read_routes(
    model: pywrapcp.RoutingModel,
    manager: pywrapcp.RoutingIndexManager,
    routes: list[list[int]],
) -> pywrapcp.Assignment | None:
    """An assignment from node routes, or ``None`` if they break a constraint."""
    return model.ReadAssignmentFromRoutes(
        [[manager.NodeToIndex(n) for n in r] for r in routes], True
    )


def _iterated(
    model: pywrapcp.RoutingModel,
    params: pywrapcp.RoutingSearchParameters,
    polish_share: float,
    deadline: float,
) -> pywrapcp.Assignment | None:
    """Iterated local search, then optionally guided local search from its best solution."""
    if polish_share <= 0:
        return model.SolveWithIteratedLocalSearch(params)
    total = params.time_limit.ToMilliseconds()
    params.time_limit.FromMilliseconds(max(1, int(total * (1 - polish_share))))
    first = model.SolveWithIteratedLocalSearch(params)
    if first is None:
        return None
    best = model.solver().Assignment(first)  # copy: the next search reuses its storage
    gls = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.local_search_metaheuristic = gls
    params.use_iterated_local_search = False
    left = max(0.01, deadline - time.perf_counter())
    params.time_limit.FromMilliseconds(max(1, int(left * 1000)))
    second = model.SolveFromAssignmentWithParameters(best, params)
    return second if second is not None else best


def search(data: SolverInput, deadline: float, solution_limit: int | None) -> list[list[int]]:
    """Build the OR-Tools model for ``data``, search it, and return node routes per vehicle.

    The search stops at ``deadline`` (a :func:`time.perf_counter` value), so the time
    spent building the model counts against the caller's limit.

    With soft deadlines (field days) the search runs in two phases: first without the
    deadlines (coverage and travel: the search is several times faster without soft
    bounds, and on an over-full day it places more orders), then the full objective by
    guided local search from those routes. ``SearchSettings.coverage_share`` splits the
    time; the hard constraints are the same, so the first routes are a valid start.
    Not with break intervals (a break that :mod:`routing._breaks` could not fold into
    the clock): reading routes back into a model with both breaks and soft bounds can
    take OR-Tools' propagation practically forever, so such days get one search.

    Returns an empty route for every vehicle if OR-Tools finds no solution at all (which
    optional stops make very unlikely).
    """
    share = data.settings.coverage_share
    two_phase = (
        share > 0
        and data.initial_routes is None
        and all(b is None for b in data.breaks)
        and any(d is not None for d in data.soft_deadline)
    )
    if not two_phase:
        return _search_once(data, deadline, solution_limit)
    start = time.perf_counter()
    coverage = replace(data, soft_deadline=[None] * data.num_stops)
    first = _search_once(coverage, start + share * (deadline - start), solution_limit)
    return _search_once(replace(data, initial_routes=first), deadline, solution_limit)


def _model_parameters(data: SolverInput) -> pywrapcp.RoutingModelParameters:
    """Model parameters: transit callbacks cached as dense arrays (a few % faster)."""
    params = pywrapcp.DefaultRoutingModelParameters()
    params.max_callback_cache_size = 2 * data.num_nodes * data.num_nodes
    return params


def _search_once(data: SolverInput, deadline: float, solution_limit: int | None) -> list[list[int]]:
    s, v = data.num_stops, len(data.shift)
    manager = pywrapcp.RoutingIndexManager(data.num_nodes, v, data.starts, data.ends)
    model = pywrapcp.RoutingModel(manager, _model_parameters(data))
    if data.visit_cost is None:
        model.SetArcCostEvaluatorOfAllVehicles(model.RegisterTransitMatrix(data.cost.tolist()))
    else:
        for vehicle in range(v):
            cb = model.RegisterTransitMatrix(data.vehicle_cost(vehicle).tolist())
            model.SetArcCostEvaluatorOfVehicle(cb, vehicle)
    _dimension_time(model, manager, data)
    _dimension_load(model, data)
    _dimension_count(model, manager, data)
    for node in range(s):
        index = manager.NodeToIndex(node)
        allowed, penalty = data.allowed[node], data.penalty[node]
        if allowed is not None:
            # SetAllowedVehiclesForIndex does not accept a list in the 9.15 Python wrapper;
            # restricting the vehicle variable (-1 = unperformed) is equivalent. (A count
            # dimension per eligible set, which the filters see earlier, made the search
            # slower than the failed moves it saves once breaks were folded.)
            model.VehicleVar(index).SetValues([-1, *allowed])
        if penalty is not None:
            model.AddDisjunction([index], penalty)
    params = _parameters(data, max(0.05, deadline - time.perf_counter()), solution_limit)
    solution = None
    if data.initial_routes is not None:
        solution = _improve(model, manager, data, params)
    if solution is None and data.settings.ils:
        solution = _iterated(model, params, data.settings.polish_share, deadline)
    elif solution is None:
        solution = model.SolveWithParameters(params)
    if solution is None:
        return [[] for _ in range(v)]
    routes = []
    for vehicle in range(v):
        idx, route = solution.Value(model.NextVar(model.Start(vehicle))), []
        while not model.IsEnd(idx):
            route.append(manager.IndexToNode(idx))
            idx = solution.Value(model.NextVar(idx))
        routes.append(route)
    return routes


def first_routes(data: SolverInput, deadline: float) -> list[list[int]]:
    """One OR-Tools solution: its construction heuristic's, or for a re-plan (with
    ``initial_routes``) the previous routes repaired around pinned work and checked."""
    return _search_once(data, deadline, solution_limit=1)
