"""An on-time target held by the search: the lateness price follows the plan's on-time rate.

With :attr:`routing.Problem.on_time_target` the search does not price lateness at one
fixed rate. Every epoch (a twentieth of the time, or of the steps under a step limit) it
reads the best plan so far: if at least the target share of the counted stops it serves
finish by their deadline (a counted stop it leaves that will be late by
:attr:`routing.Problem.next_start` counts as served late), the price of a late second
falls one step (a factor of the square root of two), otherwise it rises one step. It falls to 1/64 of the problem's
lateness weight at the lowest. It rises above the weight, up to 8 times it, for the
counted stops only: the weight prices a second while the rate counts a late repair, so a
plan best at the weight can leave a few repairs a few minutes late. Above the weight every
drop penalty rises alike, so that leaving a stop out stays the last resort it is at the
weight. The search goes on from that plan under the new price, so it drives less where
the target leaves room and turns back to punctuality where it does not (an adaptive
penalty, as solvers use for soft capacity or time-window violations).

The price of critical (grade-1), pinned and started stops never moves. The plan returned
is the best of those read at the epochs: serving those stops first, then on target before
off target, then serving more (drop penalties read at the weight), then the
least travel, their lateness included (on target), or the most punctual, then the
cheapest at the full price (off target). Costs are counted in 1/64 of a travel unit so
the price can fall to 1/64 without rounding to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from routing._input import OnTimeTarget

from .model import Model, Routes, mandatory_penalty, node_routes

#: Objective units per travel-cost unit in the target mode (lowest price: 1 / RESOLUTION).
RESOLUTION = 64
#: Price steps per halving; lowest step: 1 / RESOLUTION of the problem's weight.
_STEPS_PER_HALVING = 2
_LOWEST = _STEPS_PER_HALVING * 6
#: Highest step, for the counted stops only: 8 times the problem's lateness weight.
_HIGHEST = -_STEPS_PER_HALVING * 3
#: Epochs per search: how often the price is reconsidered.
EPOCHS = 20


def refine(model: Model) -> Model:
    """``model`` with its costs counted in 1/:data:`RESOLUTION` of a travel unit."""
    must = mandatory_penalty(len(model.penalty))  # the engine's own sentinel stays: < 2**53
    return model._replace(
        cost=model.cost * RESOLUTION,
        visit_cost=model.visit_cost * RESOLUTION,
        penalty=np.where(model.penalty == must, model.penalty, model.penalty * RESOLUTION),
        soft_rate=model.soft_rate * RESOLUTION,
    )


@dataclass
class Reading:
    """What one plan achieves, in objective units at the full price of lateness.

    ``top_dropped``/``top_lateness`` are the drop penalties and the lateness cost of the
    critical, pinned and started stops (their price never falls), ``dropped`` the drop
    penalties of the others, ``lateness`` the lateness cost of all.
    """

    rate: float
    on_target: bool
    top_dropped: int
    dropped: int
    travel: int
    top_lateness: int
    lateness: int

    def key(self) -> tuple[float, ...]:
        """Sort key, best first (see the module docstring)."""
        if self.on_target:
            return (self.top_dropped, 0, self.dropped, self.travel + self.top_lateness)
        return (self.top_dropped, 1, self.dropped, -self.rate, self.travel + self.lateness)


class Controller:
    """Moves the lateness price between epochs and keeps the best plan read."""

    def __init__(self, model: Model, goal: OnTimeTarget) -> None:
        self.model = model
        self.goal = goal
        self.full_rate = model.soft_rate.copy()
        self.base_penalty = model.penalty.copy()
        self.mandatory = self.base_penalty == mandatory_penalty(len(model.penalty))
        self.step = 0
        self.kept: list[list[int]] | None = None
        self.kept_reading: Reading | None = None

    def read(self, r: Routes) -> Reading:
        """The on-time rate and the costs of solution ``r``."""
        m, top = self.model, self.goal.top
        served = r.vehicle >= 0
        begin = np.zeros(len(served), dtype=np.int64)
        travel = 0
        for v in range(len(r.size)):
            stops = r.stops[v, : r.size[v]]
            begin[stops] = r.begin[v, : r.size[v]]
            path = np.concatenate(([m.start_node[v]], stops, [m.end_node[v]]))
            travel += int(m.cost[path[:-1], path[1:]].sum() + m.visit_cost[stops, v].sum())
        counted = served & self.goal.counted
        total = int(counted.sum()) + int((~served & self.goal.late_if_left).sum())
        rate = 1.0 if total == 0 else float((counted & (begin <= self.goal.due)).sum()) / total
        late = self.full_rate * np.where(served, np.maximum(begin - m.soft_at, 0), 0)
        return Reading(
            rate,
            rate >= self.goal.target,
            top_dropped=int(self.base_penalty[~served & top].sum()),
            dropped=int(self.base_penalty[~served & ~top].sum()),
            travel=travel,
            top_lateness=int(late[top].sum()),
            lateness=int(late.sum()),
        )

    def epoch(self, best: Routes) -> None:
        """Read the best plan, keep it if it is the best read, and move the price.

        The price of the critical, pinned and started stops stays full; only the counted
        stops are priced above full, and then every drop penalty rises alike.
        """
        if self._keep(best).on_target:
            self.step = min(self.step + 1, _LOWEST)
        else:
            self.step = max(self.step - 1, _HIGHEST)
        price = 2.0 ** (-self.step / _STEPS_PER_HALVING)
        goal = self.goal
        scale = np.where(goal.top, 1.0, np.where(goal.counted, price, min(price, 1.0)))
        self.model.soft_rate[:] = np.rint(self.full_rate * scale).astype(np.int64)
        raised = np.rint(self.base_penalty * max(price, 1.0)).astype(np.int64)
        self.model.penalty[:] = np.where(self.mandatory, self.base_penalty, raised)

    def result(self, best: Routes) -> list[list[int]]:
        """The best plan read, the final one included."""
        self._keep(best)
        return self.kept if self.kept is not None else node_routes(best)

    def _keep(self, r: Routes) -> Reading:
        """Read ``r`` and keep it if it is the best read so far."""
        reading = self.read(r)
        if self.kept_reading is None or reading.key() < self.kept_reading.key():
            self.kept, self.kept_reading = node_routes(r), reading
        return reading
