"""Entry points: :func:`solve` plans a day, :func:`replan` adapts a plan to a change."""

from __future__ import annotations

import time
from collections.abc import Mapping

from ._compile import Compiled, compile_problem
from ._input import SearchSettings
from ._search import search
from ._seed import may_serve
from .evaluate import evaluate
from .plan import Plan
from .problem import Problem
from .repair import force_insert

#: Seconds kept back from the time limit for building the model and the plan.
_RESERVE_S = 0.03
#: Default cost of moving a previously planned stop to another technician (seconds).
DEFAULT_CHANGE_PENALTY = 900


def _run(
    problem: Problem,
    compiled: Compiled,
    started: float,
    time_limit_s: float,
    solution_limit: int | None,
) -> Plan:
    data = compiled.data
    routes: dict[str, list[str]] = {problem.technicians[ti].id: [] for ti in compiled.vehicles}
    if compiled.stops and compiled.vehicles:
        reserve = _RESERVE_S + 2e-4 * len(compiled.stops)
        node_routes = search(data, started + time_limit_s - reserve, solution_limit)
        for k, nodes in enumerate(node_routes):
            tid = problem.technicians[compiled.vehicles[k]].id
            routes[tid] = [problem.stops[compiled.stops[n]].id for n in nodes]
    reasons = {problem.stops[si].id: why for si, why in compiled.reasons.items()}
    return evaluate(problem, force_insert(problem, routes), reasons=reasons)


def solve(
    problem: Problem,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    solution_limit: int | None = None,
    settings: SearchSettings | None = None,
) -> Plan:
    """Plan the day: assign and order stops for every technician.

    OR-Tools builds a first solution (savings from a shared depot, otherwise parallel
    cheapest insertion; both time-window aware), then the compiled SISR search improves
    it until the time limit (``routing._search``; breaks on the real clock, whether or not
    OR-Tools could fold them). Stops no technician can serve are left out up front with a
    reason; other stops are optional with a penalty larger than any detour, and critical
    stops (grade-1 gas) outrank everything else.

    Parameters
    ----------
    problem
        The validated problem.
    time_limit_s
        Wall-clock budget for the whole call, model building included.
    seed
        Seeds the node order used for tie-breaking; the same seed gives the same search.
    solution_limit
        Optional cap on the search: OR-Tools' solutions, or the SISR engine's steps. The
        search is deterministic for a seed, but a wall-clock limit stops it wherever the
        clock says; set this for results that are identical across machines and loads.
    settings
        Search knobs; the defaults are the tuned ones.

    Returns
    -------
    Plan
        Routes with schedules, totals and a reason for every unassigned stop.
    """
    started = time.perf_counter()
    compiled = compile_problem(problem, seed=seed, settings=settings or SearchSettings())
    return _run(problem, compiled, started, time_limit_s, solution_limit)


def replan(
    previous: Plan | Mapping[str, list[str]],
    problem: Problem,
    *,
    change_penalty: int = DEFAULT_CHANGE_PENALTY,
    time_limit_s: float = 2.0,
    seed: int = 0,
    solution_limit: int | None = None,
    settings: SearchSettings | None = None,
) -> Plan:
    """Adapt ``previous`` to a changed ``problem`` while moving as few jobs as reasonable.

    The change is expressed in ``problem`` itself: an emergency added as a new (critical)
    stop, a technician marked ``active=False``, a started job pinned with ``started=True``
    and the technician's start moved to where they are. The search starts from the
    previous routes, repaired around started and pinned work (moved into place, routes
    trimmed from the end until they fit), and every stop served by a technician other
    than its previous one costs ``change_penalty``.

    Parameters
    ----------
    previous
        The plan being changed, or its routes ``{technician_id: [stop_id, ...]}``.
    problem
        The problem after the change.
    change_penalty
        Cost (in travel seconds) of each stop that changes technician.
    time_limit_s, seed, solution_limit, settings
        As in :func:`solve`.

    Returns
    -------
    Plan
        The new plan.
    """
    started = time.perf_counter()
    old = previous.as_routes() if isinstance(previous, Plan) else dict(previous)
    before = {sid: tid for tid, ids in old.items() for sid in ids}
    compiled = compile_problem(
        problem,
        seed=seed,
        settings=settings or SearchSettings(),
        previous=before,
        change_penalty=change_penalty,
    )
    kept = _kept_routes(problem, compiled, old)
    node_of = {problem.stops[si].id: n for n, si in enumerate(compiled.stops)}
    seeded = force_insert(problem, kept)
    compiled.data.initial_routes = [
        [node_of[sid] for sid in seeded.get(problem.technicians[ti].id, []) if sid in node_of]
        for ti in compiled.vehicles
    ]
    return _run(problem, compiled, started, time_limit_s, solution_limit)


def _kept_routes(
    problem: Problem, compiled: Compiled, old: Mapping[str, list[str]]
) -> dict[str, list[str]]:
    """The previous routes, keeping only stops still plannable by the same technician.

    A started job goes first; the result is feasible or the search falls back to building
    a first solution itself.
    """
    vehicle_of = {problem.technicians[ti].id: k for k, ti in enumerate(compiled.vehicles)}
    plannable = {problem.stops[si].id: n for n, si in enumerate(compiled.stops)}
    index = problem.stop_index()
    routes: dict[str, list[str]] = {}
    for tid, ids in old.items():
        if tid not in vehicle_of:
            continue
        k = vehicle_of[tid]
        keep = [
            sid for sid in ids if sid in plannable and may_serve(compiled.data, plannable[sid], k)
        ]
        fixed: dict[int, str] = {}
        for sid in keep:
            st = problem.stops[index[sid]]
            if st.started or st.pinned_position is not None:
                fixed[0 if st.started else int(st.pinned_position or 0)] = sid
        free = [sid for sid in keep if sid not in fixed.values()]
        for pos in sorted(fixed):
            free.insert(min(pos, len(free)), fixed[pos])
        routes[tid] = free
    return routes
