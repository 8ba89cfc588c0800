"""Fold a shared lunch break into the time model instead of modelling it as an interval.

OR-Tools models a break as an interval variable per technician
(``SetBreakIntervalsOfVehicle``). Its propagation makes every move of the local search
several times slower, and on some 300-stop days restoring a set of routes into such a
model did not finish at all. When every technician has the same break, a simpler model
is exact enough to plan with and feasible by construction:

* the solver plans on a *break-free clock*: every shift ends ``duration`` earlier;
* a stop served after the break starts at most ``duration`` later in reality than on
  that clock (:func:`routing.evaluate` takes the break on arrival at the first stop that
  would otherwise push it past its latest start, or in waiting time), so every closing
  time ``c`` later than the break's earliest start becomes ``max(c - duration,
  earliest)``: either the stop fits ``duration`` early, or it is served before the
  break can begin;
* soft deadlines move the same way, so lateness is charged as it will happen.

The delay bound needs every service and every leg to be shorter than the break window
(otherwise a job could straddle it) and the break to lie within each shift; if anything
does not hold, :func:`shared_break` answers ``None`` and the interval model is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .model import Break
from .problem import Problem


@dataclass(frozen=True)
class SharedBreak:
    """The break every planned technician takes, folded into the clock."""

    earliest: int
    duration: int

    def close(self, closing: int) -> int:
        """A closing time on the break-free clock."""
        if closing <= self.earliest:
            return closing
        return max(closing - self.duration, self.earliest)

    def close_all(self, closing: NDArray[np.int64]) -> NDArray[np.int64]:
        """:meth:`close` for an array of closing times."""
        later = closing > self.earliest
        moved = np.maximum(closing - self.duration, self.earliest)
        return np.where(later, moved, closing)


def shared_break(
    problem: Problem, vehicles: Sequence[int], stops: Sequence[int]
) -> SharedBreak | None:
    """The break to fold into the clock, or ``None`` if the interval model is needed."""
    techs = [problem.technicians[ti] for ti in vehicles]
    breaks = {t.break_ for t in techs}
    if len(breaks) != 1 or None in breaks:
        return None
    (b,) = breaks
    assert isinstance(b, Break)
    open_from = max([b.earliest, *(t.shift_start for t in techs)])
    span = b.latest - open_from
    if span <= 0 or any(b.latest + b.duration_s > t.shift_end for t in techs):
        return None
    if any(problem.stops[si].service_s >= span for si in stops):
        return None
    locs = np.unique(
        np.concatenate(
            [problem.stop_loc[list(stops)], problem.start_loc[vehicles], problem.end_loc[vehicles]]
        )
    )
    if locs.size and int(problem.durations[np.ix_(locs, locs)].max()) >= span:
        return None
    return SharedBreak(b.earliest, b.duration_s)
