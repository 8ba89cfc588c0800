"""The improvement search: SISR (slack induction by string removals), compiled with Numba.

OR-Tools builds the first solution (:mod:`routing._ortools`); :func:`improve` then runs
SISR steps on it until the deadline. A step costs microseconds, so a 10 s search makes
hundreds of thousands of them where OR-Tools' own local search makes a few hundred
(BENCHMARKS.md). The engine covers what the compiled model holds: hard start windows,
shifts, breaks (on the real clock, by the evaluator's rule: :mod:`routing._sisr.breaks`),
soft deadlines, skills (allowed vehicles), capacity, job limits, visit costs and frozen
(started or pinned) work at the start of a route.

Numba compiles the kernel on first use and caches it on disk (``__pycache__`` beside the
sources); :func:`warm_up` does that ahead of time, so the first plan of a process does
not spend its time limit compiling.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from routing._input import SolverInput

from . import kernel, target
from .model import (
    Knobs,
    Model,
    Routes,
    Scratch,
    build_model,
    empty_routes,
    fill_routes,
    node_routes,
    scratch,
    temperature_scale,
)

#: Wall time of one batch of steps between clock checks.
_BATCH_S = 0.02


def supports(data: SolverInput) -> bool:
    """Whether :func:`improve` applies: the SISR engine is chosen and there is work."""
    return data.settings.engine == "sisr" and data.num_stops > 0 and len(data.shift) > 0


def improve(
    data: SolverInput,
    routes: list[list[int]],
    deadline: float,
    step_limit: int | None = None,
) -> list[list[int]]:
    """Improve feasible node ``routes`` (one per vehicle) by SISR until ``deadline``.

    ``deadline`` is a :func:`time.perf_counter` value. With ``step_limit`` the search
    stops after that many steps and cools by step count instead of by the clock, so a
    seed gives the same routes on any machine (if the deadline does not come first).
    Routes that break a hard constraint of the model are returned unchanged.
    """
    model = build_model(data, routes)
    controller = None
    if data.on_time is not None:
        model = target.refine(model)
        controller = target.Controller(model, data.on_time)
    current, backup, best = (empty_routes(model) for _ in range(3))
    if any(len(r) >= current.stops.shape[1] for r in routes):
        return routes  # longer than the job limits allow: not a start this engine takes
    fill_routes(current, routes)
    work = scratch(model)
    kernel.seed_random(data.seed)
    if not kernel.start(model, current, backup, best, work):
        return routes
    st = data.settings
    knobs = Knobs(
        float(st.sisr_removed),
        float(st.sisr_max_string),
        float(st.sisr_blink),
        float(st.sisr_near_unassigned),
    )
    scale = temperature_scale(model)
    hot, cold = (max(1e-9, x * scale) for x in st.sisr_temperature)
    solutions = (current, backup, best)
    epoch = None if controller is None else _epoch(model, solutions, work, controller)
    _anneal(model, solutions, work, knobs, (hot, cold), deadline, step_limit, epoch)
    return node_routes(best) if controller is None else controller.result(best)


def _epoch(
    model: Model,
    solutions: tuple[Routes, Routes, Routes],
    work: Scratch,
    controller: target.Controller,
) -> Callable[[], None]:
    """Between epochs: let ``controller`` move the lateness price, go on from the best plan."""
    current, backup, best = solutions

    def run() -> None:
        controller.epoch(best)
        kernel.copy_all(best, current)
        kernel.start(model, current, backup, best, work)

    return run


def _anneal(
    model: Model,
    solutions: tuple[Routes, Routes, Routes],
    work: Scratch,
    knobs: Knobs,
    temperatures: tuple[float, float],
    deadline: float,
    step_limit: int | None,
    epoch: Callable[[], None] | None = None,
) -> None:
    """Run batches of steps until the deadline or ``step_limit``, cooling from hot to cold.

    With ``step_limit`` the cooling runs over that many steps; otherwise over the steps
    the budget is expected to hold at the rate measured so far. ``epoch`` (the on-time
    target's controller, :mod:`routing._sisr.target`) is called at the end of each of
    :data:`~routing._sisr.target.EPOCHS` equal parts of the run: of the steps under a
    step limit (the same plan on any machine), of the time otherwise.
    """
    current, backup, best = solutions
    hot, cold = temperatures
    began = time.perf_counter()
    budget = max(deadline - began, 1e-6)
    done, batch, epochs = 0, 8, 0
    while (now := time.perf_counter()) < deadline and (step_limit is None or done < step_limit):
        if step_limit is not None:
            expected = float(step_limit)
            batch = min(batch, step_limit - done)
            if epoch is not None:  # a batch ends where an epoch does
                batch = min(batch, max(1, _epoch_end(step_limit, epochs) - done))
        else:
            rate = done / max(now - began, 1e-6)
            expected = float(max(rate * budget, done + batch, 1.0))  # one type: one compile
        t0 = time.perf_counter()
        kernel.iterate(model, current, backup, best, work, knobs, batch, done, expected, hot, cold)
        done += batch
        spent = max(time.perf_counter() - t0, 1e-6)
        left = deadline - time.perf_counter()
        batch = max(1, min(4 * batch, int(batch * min(_BATCH_S, max(left, 0.0)) / spent)))
        if epoch is not None and _epoch_over(epochs, done, step_limit, began, budget):
            epochs += 1
            epoch()


def _epoch_over(
    epochs: int, done: int, step_limit: int | None, began: float, budget: float
) -> bool:
    """Whether epoch number ``epochs`` is over: by steps under a step limit, else by the clock."""
    if step_limit is not None:
        return done >= _epoch_end(step_limit, epochs)
    return time.perf_counter() - began >= budget * (epochs + 1) / target.EPOCHS


def _epoch_end(steps: int, epochs: int) -> int:
    """The step at which epoch number ``epochs`` of a run of ``steps`` steps ends."""
    return math.ceil(steps * (epochs + 1) / target.EPOCHS)


def warm_up() -> None:
    """Compile (or load from the disk cache) the kernel on a three-stop problem."""
    import numpy as np

    n = 4
    time_m = np.full((n, n), 60, dtype=np.int64)
    np.fill_diagonal(time_m, 0)
    data = SolverInput(
        time=time_m,
        cost=time_m.copy(),
        service=np.zeros(n, dtype=np.int64),
        window_lo=np.zeros(3, dtype=np.int64),
        window_hi=np.full(3, 3600, dtype=np.int64),
        shift=[(0, 3600)],
        penalty=[10_000] * 3,
        allowed=[None] * 3,
        soft_deadline=[(100, 1), None, None],
        breaks=[None],
        max_jobs=[None],
        position=[None] * 3,
        capacity=[None],
        demand=np.zeros(n, dtype=np.int64),
        starts=[3],
        ends=[3],
        horizon=3600,
    )
    improve(data, [[0, 1, 2]], time.perf_counter() + 60.0, step_limit=20)
