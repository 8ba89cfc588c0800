"""The node-level solver input shared by both search engines, and the search knobs.

:mod:`routing._compile` builds a :class:`SolverInput` from a :class:`~routing.Problem`;
:mod:`routing._ortools` (construction, and the whole search where the SISR engine does not
apply) and :mod:`routing._sisr` (the improvement search) read it. Nothing here imports
either engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]

#: Local-search operators switched off by default. The pair and visit-type operators do
#: not apply to single visits; the others run a whole insertion heuristic or a chain of
#: moves per neighbour. Without them each iterated-local-search step is much cheaper and
#: the search makes more steps in the same time (BENCHMARKS.md, ``lean`` in the tuning
#: table: -1.0 point of mean gap on the hardest Solomon instances).
HEAVY_OPERATORS = (
    "relocate_pair",
    "light_relocate_pair",
    "exchange_pair",
    "relocate_subtrip",
    "exchange_subtrip",
    "relocate_expensive_chain",
    "global_cheapest_insertion_path_lns",
    "local_cheapest_insertion_path_lns",
    "relocate_path_global_cheapest_insertion_insert_unperformed",
    "global_cheapest_insertion_visit_types_lns",
    "local_cheapest_insertion_visit_types_lns",
    "shortest_path_swap_active",
    "shortest_path_two_opt",
    "swap_active_chain",
    "make_chain_inactive",
)


@dataclass(frozen=True)
class SearchSettings:
    """Search knobs (defaults are the tuned ones; see BENCHMARKS.md).

    ``engine`` picks the improvement search. ``"sisr"`` (the default): OR-Tools builds
    the first solution, then :mod:`routing._sisr` improves it by slack induction by
    string removals (ruin strings of nearby stops, re-insert greedily with blinks, accept
    by simulated annealing). ``"ortools"``: OR-Tools searches on its own (iterated or
    guided local search, below). The SISR engine plans breaks on the real clock, also
    those OR-Tools keeps as break intervals (:mod:`routing._sisr.breaks`).

    SISR knobs: ``sisr_removed`` is the average number of stops a ruin removes,
    ``sisr_max_string`` the longest string, ``sisr_blink`` the chance to skip an insertion
    position, ``sisr_near_unassigned`` the chance that an unassigned stop met while
    ruining is offered for insertion again, and ``sisr_temperature`` the annealing
    temperature at the start and at the end, in multiples of the mean cost from a stop to
    its ten nearest stops.

    OR-Tools knobs: ``first_solution`` names an OR-Tools first-solution strategy;
    ``AUTO`` picks savings for a single shared depot and parallel cheapest insertion
    otherwise. With ``ils`` the search is OR-Tools' iterated local search: ruin by SISR
    string removals (``ruin_*``), recreate by local cheapest insertion, improve by local
    search (``metaheuristic``), accept by simulated annealing with automatic
    temperatures. Without it, ``metaheuristic`` (guided local search) runs from the first
    solution. ``ruin_random_walk`` > 0 adds a random-walk ruin of that many visits, chosen
    at random against SISR at each step. ``operators_off`` names local-search operators
    (without ``use_``) to switch off. ``polish_share`` > 0 keeps that share of the time for
    guided local search started from the iterated local search's best solution (a second
    phase). ``coverage_share`` is the share of the time spent without soft deadlines (see
    :func:`routing._ortools.search`); 0 searches the full objective from the start.
    """

    engine: str = "sisr"
    sisr_removed: float = 10.0
    sisr_max_string: int = 10
    sisr_blink: float = 0.01
    sisr_near_unassigned: float = 0.5
    sisr_temperature: tuple[float, float] = (2.0, 0.02)
    gls_lambda: float = 0.1
    first_solution: str = "AUTO"
    metaheuristic: str = "GREEDY_DESCENT"
    ils: bool = True
    ruin_avg_removed: int = 30
    ruin_max_sequence: int = 20
    ruin_bypass: float = 0.1
    ruin_random_walk: int = 0
    polish_share: float = 0.0
    coverage_share: float = 0.8
    operators_off: tuple[str, ...] = HEAVY_OPERATORS
    overrides: tuple[tuple[str, float | int | bool | str], ...] = ()
    log: bool = False


@dataclass
class RealClock:
    """Windows, soft deadlines, shifts and breaks as they are, before any break folding.

    :mod:`routing._compile` folds a shared break into the clock for OR-Tools (or models it
    as an interval); the SISR engine plans with the breaks themselves and reads these.
    """

    window_lo: IntArray
    window_hi: IntArray
    soft_deadline: list[tuple[int, int] | None]
    shift: list[tuple[int, int]]
    breaks: list[tuple[int, int, int] | None]


@dataclass
class OnTimeTarget:
    """The share of counted stops to finish by their deadline (see :mod:`routing._sisr.target`).

    ``counted[n]`` says whether the rate counts stop node ``n``, ``due[n]`` is its latest
    on-time service start on the real clock (negative for work already overdue);
    ``top[n]`` marks critical, pinned and started stops, whose price of lateness stays full;
    ``late_if_left[n]`` counted stops that, left for :attr:`routing.Problem.next_start`,
    will be late by then: the rate counts them as late when a plan leaves them out.
    """

    target: float
    counted: NDArray[np.bool_]
    due: IntArray
    top: NDArray[np.bool_]
    late_if_left: NDArray[np.bool_]


@dataclass
class SolverInput:
    """Nodes ``0..S-1`` are stops, then one node per distinct start/end location.

    Vehicles sharing a depot share its node, which keeps them in one vehicle class (the
    search skips equivalent empty vehicles; distinct nodes cost about 1 % on Solomon).

    ``time[i, j]`` is the service at ``i`` plus travel ``i → j``; ``cost`` is the arc cost
    matrix shared by all vehicles, and ``visit_cost[n, k]`` (if given) an extra cost for
    vehicle ``k`` serving stop ``n`` (re-planning charges moved stops this way).
    ``real_clock`` holds the times before break folding when any technician has a break.
    """

    time: IntArray
    cost: IntArray
    service: IntArray
    window_lo: IntArray
    window_hi: IntArray
    shift: list[tuple[int, int]]
    penalty: list[int | None]
    allowed: list[list[int] | None]
    soft_deadline: list[tuple[int, int] | None]
    breaks: list[tuple[int, int, int] | None]
    max_jobs: list[int | None]
    position: list[int | None]
    capacity: list[int | None]
    demand: IntArray
    visit_cost: IntArray | None = None
    real_clock: RealClock | None = None
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    initial_routes: list[list[int]] | None = None
    on_time: OnTimeTarget | None = None
    horizon: int = 0
    seed: int = 0
    settings: SearchSettings = field(default_factory=SearchSettings)

    @property
    def num_stops(self) -> int:
        """Number of stop nodes."""
        return len(self.window_lo)

    @property
    def num_nodes(self) -> int:
        """Number of nodes, depots included."""
        return len(self.service)

    def vehicle_cost(self, vehicle: int) -> IntArray:
        """The arc cost matrix of ``vehicle``: ``cost`` plus its visit costs on arrival."""
        if self.visit_cost is None:
            return self.cost
        extra = np.zeros(self.num_nodes, dtype=np.int64)
        extra[: self.num_stops] = self.visit_cost[:, vehicle]
        return self.cost + extra[None, :]
