"""An on-time target held by the search: the lateness price follows the plan's on-time rate.

With :attr:`routing.Problem.on_time_target` the search does not price lateness at one
fixed rate. Every epoch (a twentieth of the steps) it reads the best plan so far: if at
least the target share of the counted stops it serves finish by their deadline, the
price of a late second falls one step (a factor of the square root of two), otherwise it
rises one step, never above the problem's lateness weight nor below 1/64 of it. The
search goes on from that plan under the new price, so it drives less where the target
leaves room and turns back to punctuality where it does not (an adaptive penalty, as
solvers use for soft capacity or time-window violations).

The plan returned is the best of those read at the epochs: on target before off target,
then serving more (the drop penalties, which do not change), then the least travel (on
target) or the most punctual, then the cheapest at the full price (off target). Costs are counted in 1/64 of a travel unit so the
price can fall to 1/64 without rounding to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from routing._input import OnTimeTarget

from .model import MANDATORY, Model, Routes, node_routes

#: Objective units per travel-cost unit in the target mode (lowest price: 1 / RESOLUTION).
RESOLUTION = 64
#: Price steps per halving; lowest step: 1 / RESOLUTION of the problem's weight.
_STEPS_PER_HALVING = 2
_LOWEST = _STEPS_PER_HALVING * 6
#: Epochs per search: how often the price is reconsidered.
EPOCHS = 20


def refine(model: Model) -> Model:
    """``model`` with its costs counted in 1/:data:`RESOLUTION` of a travel unit."""
    must = MANDATORY // (len(model.penalty) + 1)  # stays as it is: below 2**53 in all
    return model._replace(
        cost=model.cost * RESOLUTION,
        visit_cost=model.visit_cost * RESOLUTION,
        penalty=np.where(model.penalty >= must, model.penalty, model.penalty * RESOLUTION),
        soft_rate=model.soft_rate * RESOLUTION,
    )


@dataclass
class Reading:
    """What one plan achieves: its on-time rate and its cost without lateness."""

    rate: float
    on_target: bool
    dropped: int
    travel: int
    lateness: int

    def key(self) -> tuple[float, ...]:
        """Sort key, best first (see the module docstring)."""
        if self.on_target:
            return (0, self.dropped, self.travel)
        return (1, self.dropped, -self.rate, self.travel + self.lateness)


class Controller:
    """Moves the lateness price between epochs and keeps the best plan read."""

    def __init__(self, model: Model, goal: OnTimeTarget) -> None:
        self.model = model
        self.goal = goal
        self.full_rate = model.soft_rate.copy()
        self.step = 0
        self.kept: list[list[int]] | None = None
        self.kept_reading: Reading | None = None
        self.trace: list[tuple[int, float]] = []

    def read(self, r: Routes) -> Reading:
        """The on-time rate and the costs of solution ``r`` under the full lateness price."""
        m = self.model
        served = r.vehicle >= 0
        begin = np.zeros(len(served), dtype=np.int64)
        for v in range(len(r.size)):
            n = r.size[v]
            begin[r.stops[v, :n]] = r.begin[v, :n]
        counted = served & self.goal.counted
        on_time = counted & (begin <= self.goal.due)
        total = int(counted.sum())
        rate = 1.0 if total == 0 else float(on_time.sum()) / total
        late = np.where(served, np.maximum(begin - m.soft_at, 0), 0)
        lateness_now = int((m.soft_rate * late).sum())
        lateness_full = int((self.full_rate * late).sum())
        dropped = int(m.penalty[~served].sum())
        travel = int(r.cost[: len(r.size)].sum()) - lateness_now
        return Reading(rate, rate >= self.goal.target, dropped, travel, lateness_full)

    def epoch(self, best: Routes) -> None:
        """Read the best plan, keep it if it is the best read, and move the price."""
        reading = self.read(best)
        if self.kept_reading is None or reading.key() < self.kept_reading.key():
            self.kept, self.kept_reading = node_routes(best), reading
        if reading.on_target:
            self.step = min(self.step + 1, _LOWEST)
        else:
            self.step = max(self.step - 1, 0)
        price = 2.0 ** (-self.step / _STEPS_PER_HALVING)
        self.model.soft_rate[:] = np.rint(self.full_rate * price).astype(np.int64)
        self.trace.append((self.step, reading.rate))

    def result(self, best: Routes) -> list[list[int]]:
        """The best plan read, the final one included."""
        reading = self.read(best)
        if (
            self.kept is None
            or self.kept_reading is None
            or reading.key() < self.kept_reading.key()
        ):
            return node_routes(best)
        return self.kept
