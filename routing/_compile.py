"""Translate a :class:`~routing.Problem` into the node-level :class:`SolverInput`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._breaks import shared_break
from ._input import OnTimeTarget, RealClock, SearchSettings, SolverInput
from .problem import Problem
from .reasons import eligibility

IntArray = NDArray[np.int64]


@dataclass
class Compiled:
    """A :class:`SolverInput` plus the maps back to the problem."""

    data: SolverInput
    stops: list[int]
    vehicles: list[int]
    reasons: dict[int, str]


@dataclass
class _Clock:
    """Time limits per stop node and per vehicle, a shared break folded in when possible."""

    lo: IntArray
    hi: IntArray
    soft: list[tuple[int, int] | None]
    shift: list[tuple[int, int]]
    breaks: list[tuple[int, int, int] | None]


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
    vehicles = [ti for ti, t in enumerate(techs) if t.available]
    plannable = np.array([si for si in range(len(all_stops)) if si not in reasons], dtype=np.intp)
    stops = [int(si) for si in np.random.default_rng(seed).permutation(plannable)]
    s = len(stops)
    depots = list(dict.fromkeys([*problem.start_loc[vehicles], *problem.end_loc[vehicles]]))
    depot_node = {int(d): s + k for k, d in enumerate(depots)}
    loc = np.concatenate([problem.stop_loc[stops], np.array(depots, dtype=np.intp)]).astype(np.intp)
    service = _per_node(len(loc), [all_stops[si].service_s for si in stops])
    clock, real = _clock(problem, vehicles, stops)
    penalties = problem.drop_penalties()
    data = SolverInput(
        time=problem.durations[np.ix_(loc, loc)] + service[:, None],
        cost=problem.costs[np.ix_(loc, loc)] * problem.cost_scale,
        visit_cost=_visit_cost(problem, stops, vehicles, previous or {}, change_penalty),
        real_clock=real,
        service=service,
        window_lo=clock.lo,
        window_hi=clock.hi,
        shift=clock.shift,
        penalty=[int(penalties[si]) for si in stops],
        allowed=_allowed(eligible, stops, vehicles),
        soft_deadline=clock.soft,
        breaks=clock.breaks,
        max_jobs=[techs[ti].max_jobs for ti in vehicles],
        position=[0 if all_stops[si].started else all_stops[si].pinned_position for si in stops],
        capacity=[techs[ti].capacity for ti in vehicles],
        demand=_per_node(len(loc), [all_stops[si].demand for si in stops]),
        horizon=problem.horizon,
        seed=seed,
        starts=[depot_node[int(problem.start_loc[ti])] for ti in vehicles],
        ends=[depot_node[int(problem.end_loc[ti])] for ti in vehicles],
        settings=settings,
        on_time=_on_time(problem, stops),
    )
    return Compiled(data, stops, vehicles, reasons)


def _on_time(problem: Problem, stops: Sequence[int]) -> OnTimeTarget | None:
    """The on-time target: which stop nodes it counts, each one's latest on-time start, and
    which of them will be late if left for the next working day."""
    if problem.on_time_target is None:
        return None
    counted = np.zeros(len(stops), dtype=np.bool_)
    due = np.zeros(len(stops), dtype=np.int64)
    for node, si in enumerate(stops):
        st = problem.stops[si]
        if st.on_time_by is not None:
            counted[node] = True
            due[node] = st.on_time_by - st.service_s
    top = problem.top_stops[np.asarray(stops, dtype=np.intp)]
    late_if_left = problem.late_if_left[np.asarray(stops, dtype=np.intp)]
    return OnTimeTarget(problem.on_time_target, counted, due, top, late_if_left)


def _per_node(n: int, stop_values: Sequence[int]) -> IntArray:
    """A per-node array: the stops' values first, zero for the depot nodes."""
    out = np.zeros(n, dtype=np.int64)
    out[: len(stop_values)] = stop_values
    return out


def _windows(
    problem: Problem, stops: Sequence[int]
) -> tuple[IntArray, IntArray, list[tuple[int, int] | None]]:
    """Hard start windows (appointments, hard deadlines) and soft start bounds per stop."""
    horizon, origin = problem.horizon, problem.lateness_origin
    lo = np.zeros(len(stops), dtype=np.int64)
    hi = np.full(len(stops), horizon, dtype=np.int64)
    soft: list[tuple[int, int] | None] = []
    for node, si in enumerate(stops):
        st = problem.stops[si]
        if st.window is not None:
            lo[node], hi[node] = max(0, st.window.start), min(horizon, st.window.end)
        rate = st.lateness_rate * problem.lateness_units
        if st.deadline is not None and st.hard_deadline:
            hi[node] = min(hi[node], st.deadline - st.service_s)
        elif st.deadline is not None and rate > 0:
            soft.append((max(0, int(origin[si]) - st.service_s), rate))
            continue
        soft.append(None)
    return lo, hi, soft


def _clock(
    problem: Problem, vehicles: Sequence[int], stops: Sequence[int]
) -> tuple[_Clock, RealClock | None]:
    """Windows, shifts and breaks for OR-Tools, and the real clock if anyone has a break.

    A break every technician shares is folded into OR-Tools' clock when that is safe.
    """
    techs = problem.technicians
    lo, hi, soft = _windows(problem, stops)
    clock = _Clock(
        lo,
        hi,
        soft,
        shift=[(techs[ti].shift_start, techs[ti].shift_end) for ti in vehicles],
        breaks=[
            None if (b := techs[ti].break_) is None else (b.earliest, b.latest, b.duration_s)
            for ti in vehicles
        ],
    )
    real = None
    if any(b is not None for b in clock.breaks):
        real = RealClock(lo, hi, soft, clock.shift, clock.breaks)
    folded = shared_break(problem, vehicles, stops)
    closing = None if folded is None else folded.close_all(hi)
    if folded is None or closing is None or bool((closing < lo).any()):
        return clock, real  # no shared break, or a window would close before it opens
    return _Clock(
        lo,
        closing,
        [None if x is None else (folded.close(x[0]), x[1]) for x in soft],
        shift=[(a, b - folded.duration) for a, b in clock.shift],
        breaks=[None] * len(vehicles),
    ), real


def _allowed(
    eligible: list[list[int]], stops: Sequence[int], vehicles: Sequence[int]
) -> list[list[int] | None]:
    """Per stop node, the vehicle positions that may serve it (``None``: all of them)."""
    vpos = {ti: k for k, ti in enumerate(vehicles)}
    allowed: list[list[int] | None] = []
    for si in stops:
        ok = [vpos[ti] for ti in eligible[si]]
        allowed.append(None if len(ok) == len(vehicles) else ok)
    return allowed


def _visit_cost(
    problem: Problem,
    stops: Sequence[int],
    vehicles: Sequence[int],
    previous: Mapping[str, str],
    change_penalty: int,
) -> IntArray | None:
    """Per stop node and vehicle, the cost of moving a previously planned stop (or ``None``)."""
    if not (previous and change_penalty):
        return None
    before = [previous.get(problem.stops[si].id) for si in stops]
    ids = [problem.technicians[ti].id for ti in vehicles]
    moved = [[b is not None and b != tid for tid in ids] for b in before]
    moved_cost = change_penalty * problem.cost_scale
    return np.array(moved, dtype=np.int64).reshape(len(stops), len(ids)) * moved_cost
