"""Translate a :class:`~routing.Problem` into the node-level :class:`SolverInput`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ._breaks import SharedBreak, shared_break
from ._ortools import SearchSettings, SolverInput
from .problem import Problem
from .reasons import eligibility


@dataclass
class Compiled:
    """A :class:`SolverInput` plus the maps back to the problem."""

    data: SolverInput
    stops: list[int]
    vehicles: list[int]
    reasons: dict[int, str]


def compile_problem(
    problem: Problem,
    *,
    seed: int,
    settings: SearchSettings,
    previous: Mapping[str, str] | None = None,
    change_penalty: int = 0,
) -> Compiled:
    """Build the solver input; ``seed`` shuffles the node order (tie-breaking).

    ``previous`` maps stop id to the technician it had before; serving such a stop with
    another technician costs ``change_penalty`` (used by :func:`~routing.replan`).
    """
    eligible, reasons = eligibility(problem)
    techs, all_stops = problem.technicians, problem.stops
    vehicles = [ti for ti, t in enumerate(techs) if t.active]
    plannable = np.array([si for si in range(len(all_stops)) if si not in reasons], dtype=np.intp)
    stops = [int(si) for si in np.random.default_rng(seed).permutation(plannable)]
    s, v = len(stops), len(vehicles)
    depots = list(dict.fromkeys([*problem.start_loc[vehicles], *problem.end_loc[vehicles]]))
    depot_node = {int(d): s + k for k, d in enumerate(depots)}
    loc = np.concatenate([problem.stop_loc[stops], np.array(depots, dtype=np.intp)]).astype(np.intp)
    n = len(loc)
    service = np.zeros(n, dtype=np.int64)
    service[:s] = [all_stops[si].service_s for si in stops]
    time = problem.durations[np.ix_(loc, loc)] + service[:, None]
    horizon = problem.horizon
    lo = np.zeros(s, dtype=np.int64)
    hi = np.full(s, horizon, dtype=np.int64)
    soft: list[tuple[int, int] | None] = []
    penalties = problem.drop_penalties()
    origin = problem.lateness_origin
    vpos = {ti: k for k, ti in enumerate(vehicles)}
    for node, si in enumerate(stops):
        st = all_stops[si]
        if st.window is not None:
            lo[node], hi[node] = max(0, st.window.start), min(horizon, st.window.end)
        rate = st.lateness_rate * problem.lateness_weight
        if st.deadline is not None and st.hard_deadline:
            hi[node] = min(hi[node], st.deadline - st.service_s)
        elif st.deadline is not None and rate > 0:
            soft.append((max(0, int(origin[si]) - st.service_s), rate))
            continue
        soft.append(None)
    allowed: list[list[int] | None] = []
    for si in stops:
        ok = [vpos[ti] for ti in eligible[si]]
        allowed.append(None if len(ok) == v else ok)
    base = problem.costs[np.ix_(loc, loc)]
    costs = [base]
    if previous and change_penalty:
        costs = []
        before = [previous.get(all_stops[si].id) for si in stops]
        for ti in vehicles:
            moved = np.array([b is not None and b != techs[ti].id for b in before], dtype=bool)
            extra = np.zeros(n, dtype=np.int64)
            extra[:s][moved] = change_penalty
            costs.append(base + extra[None, :])
    demand = np.zeros(n, dtype=np.int64)
    demand[:s] = [all_stops[si].demand for si in stops]
    shift = [(techs[ti].shift_start, techs[ti].shift_end) for ti in vehicles]
    breaks = [
        None if (b := techs[ti].break_) is None else (b.earliest, b.latest, b.duration_s)
        for ti in vehicles
    ]
    folded = _fold_break(shared_break(problem, vehicles, stops), lo, hi)
    if folded is not None:
        hi = folded.close_all(hi)
        soft = [None if x is None else (folded.close(x[0]), x[1]) for x in soft]
        shift = [(a, b - folded.duration) for a, b in shift]
        breaks = [None] * v
    data = SolverInput(
        time=time,
        costs=costs,
        service=service,
        window_lo=lo,
        window_hi=hi,
        shift=shift,
        penalty=[int(penalties[si]) for si in stops],
        allowed=allowed,
        soft_deadline=soft,
        breaks=breaks,
        max_jobs=[techs[ti].max_jobs for ti in vehicles],
        position=[0 if all_stops[si].started else all_stops[si].pinned_position for si in stops],
        capacity=[techs[ti].capacity for ti in vehicles],
        demand=demand,
        horizon=horizon,
        starts=[depot_node[int(problem.start_loc[ti])] for ti in vehicles],
        ends=[depot_node[int(problem.end_loc[ti])] for ti in vehicles],
        settings=settings,
    )
    return Compiled(data, stops, vehicles, reasons)


def _fold_break(folded: SharedBreak | None, lo: np.ndarray, hi: np.ndarray) -> SharedBreak | None:
    """``folded`` unless some window would close before it opens on the break-free clock."""
    if folded is None or bool((folded.close_all(hi) < lo).any()):
        return None
    return folded
