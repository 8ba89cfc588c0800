"""The :class:`Problem`: technicians, stops, travel times and objective weights."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from .errors import InvalidMatrixError, InvalidStopError, InvalidTechnicianError, UnknownSkillError
from .model import LatLon, Stop, Technician
from .travel import GreatCircleProvider, IntMatrix, MatrixProvider, TravelTimeProvider

LATENESS_WEIGHT_DENOMINATOR = 64  # lateness weights resolve to fractions of at most this


@dataclass(frozen=True, eq=False)
class Problem:
    """A day of field work to plan, validated and with its travel matrix built.

    Parameters
    ----------
    technicians
        The technicians (vehicles); ids must be unique.
    stops
        The stops (work orders); ids must be unique.
    travel
        Travel-time provider, called once here. Defaults to :class:`GreatCircleProvider`.
    skills
        Optional catalogue of known skills: a stop or technician naming another skill is
        rejected with :class:`~routing.errors.UnknownSkillError`.
    lateness_weight
        Seconds of driving that one second late is worth, per unit of a stop's
        ``priority x weight``: 1 (the default) puts punctuality first, 0 ignores deadlines,
        fractions such as ``0.25`` trade some lateness for less driving (resolved to the
        nearest fraction with a denominator of at most 64, see :attr:`cost_scale`). Lateness that
        is already unavoidable is sunk: the cost counts from :attr:`lateness_origin`
        (the deadline, or the earliest moment any technician could finish the stop if
        that is later), so an overdue order costs nothing more for being served and is
        not dropped to avoid its lateness. Reported lateness still counts from the
        deadline.
    on_time_target
        Share of the served stops with an :attr:`Stop.on_time_by` that should finish by it
        (for example 0.98). The search then prices lateness by the plan at
        hand: lower than ``lateness_weight`` (down to 1/64 of it) while the plan keeps the
        target, so the day is driven with less travel where punctuality allows, and higher
        when it does not (back up to ``lateness_weight``, and for the counted stops on up
        to 8 times it, every drop penalty rising alike); critical, pinned and started
        stops keep the full price. It returns the least-travel plan on target it found, or the most
        punctual one if none was (a goal, not a constraint). ``None`` (the default) prices lateness at
        ``lateness_weight`` throughout. The SISR engine (the default) holds the target;
        OR-Tools searching alone prices lateness at ``lateness_weight``.
    drop_penalty
        Cost of leaving a stop of ``priority x weight == 1`` unassigned (scaled by that
        product for others). ``None`` picks a value larger than any plausible detour or
        lateness within the day, so dropping is a last resort.
    next_start
        When stops left unassigned can next be served (the next working day's first shift
        start, on the same clock), or ``None``. A stop left unassigned that will be late
        by then costs, on top of its drop penalty, that lateness at the lateness price
        (:attr:`carry_over`): on a day with more work than time, the orders that can wait
        are the ones left for later, not the ones due today.

    Raises
    ------
    ValueError
        A :class:`~routing.errors.RoutingInputError` naming the stop or technician.
    """

    technicians: Sequence[Technician]
    stops: Sequence[Stop]
    travel: TravelTimeProvider = field(default_factory=GreatCircleProvider)
    skills: frozenset[str] | None = None
    lateness_weight: float = 1
    drop_penalty: int | None = None
    on_time_target: float | None = None
    next_start: int | None = None
    locations: tuple[LatLon | int, ...] = field(init=False)
    durations: IntMatrix = field(init=False, repr=False)
    costs: IntMatrix = field(init=False, repr=False)
    stop_loc: NDArray[np.intp] = field(init=False, repr=False)
    start_loc: NDArray[np.intp] = field(init=False, repr=False)
    end_loc: NDArray[np.intp] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        techs, stops = tuple(self.technicians), tuple(self.stops)
        object.__setattr__(self, "technicians", techs)
        object.__setattr__(self, "stops", stops)
        _check_ids(techs, stops)
        _check_skills(techs, stops, self.skills)
        _check_pins(techs, stops)
        if not (math.isfinite(self.lateness_weight) and self.lateness_weight >= 0):
            raise ValueError(f"lateness_weight {self.lateness_weight}: must be finite, >= 0")
        target = self.on_time_target
        if target is not None and not (math.isfinite(target) and 0 <= target <= 1):
            raise ValueError(f"on_time_target {target}: must be a share between 0 and 1")
        if self.drop_penalty is not None and self.drop_penalty <= 0:
            raise ValueError("drop_penalty must be positive")
        self._build_matrix(techs, stops)
        self._check_next_start()

    def _check_next_start(self) -> None:
        value = self.next_start
        if value is None:
            return
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"next_start {value!r}: must be a whole number of seconds")
        if value < self.horizon:
            raise ValueError(
                f"next_start {value}: must not be before the latest shift ends ({self.horizon})"
            )

    def _build_matrix(self, techs: tuple[Technician, ...], stops: tuple[Stop, ...]) -> None:
        index: dict[LatLon | int, int] = {}
        for loc in [t.start for t in techs] + [t.end_location for t in techs]:
            index.setdefault(loc, len(index))
        for s in stops:
            index.setdefault(s.location, len(index))
        locations = tuple(index)
        n = len(locations)
        durations = np.asarray(self.travel.durations(locations), dtype=np.int64)
        if durations.shape != (n, n):
            raise InvalidMatrixError(f"provider returned shape {durations.shape}, expected {n}x{n}")
        if np.any(durations < 0):
            raise InvalidMatrixError("provider returned negative travel times")
        costs = None
        if isinstance(self.travel, MatrixProvider):
            costs = self.travel.arc_costs(locations)
        durations = durations.copy()
        np.fill_diagonal(durations, 0)
        object.__setattr__(self, "locations", locations)
        object.__setattr__(self, "durations", durations)
        object.__setattr__(self, "costs", durations if costs is None else costs)
        object.__setattr__(self, "stop_loc", np.array([index[s.location] for s in stops], np.intp))
        object.__setattr__(self, "start_loc", np.array([index[t.start] for t in techs], np.intp))
        object.__setattr__(
            self, "end_loc", np.array([index[t.end_location] for t in techs], np.intp)
        )

    @cached_property
    def _weight(self) -> Fraction:
        return Fraction(self.lateness_weight).limit_denominator(LATENESS_WEIGHT_DENOMINATOR)

    @property
    def resolved_lateness_weight(self) -> float:
        """The lateness weight the objective uses (``lateness_units / cost_scale``)."""
        return float(self._weight)

    @property
    def cost_scale(self) -> int:
        """Objective units per unit of travel cost: the denominator of the lateness weight.

        The objective stays an integer with a fractional :attr:`lateness_weight`: it is
        counted in ``1 / cost_scale`` of a travel-cost unit (1 for a whole weight).
        """
        return self._weight.denominator

    @property
    def lateness_units(self) -> int:
        """Objective units per rate-weighted second late (``lateness_weight x cost_scale``)."""
        return self._weight.numerator

    def objective_of(self, travel_cost: int, lateness_cost: int) -> int:
        """Travel cost and rate-weighted lateness in objective units."""
        return self.cost_scale * travel_cost + self.lateness_units * lateness_cost

    @property
    def horizon(self) -> int:
        """The latest time anything can happen: the end of the latest shift."""
        return max((t.shift_end for t in self.technicians), default=0)

    def stop_index(self) -> dict[str, int]:
        """Map stop id to its position in :attr:`stops` (built once; do not modify)."""
        return self._stop_index

    @cached_property
    def _stop_index(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.stops)}

    def technician_index(self) -> dict[str, int]:
        """Map technician id to its position in :attr:`technicians`."""
        return {t.id: i for i, t in enumerate(self.technicians)}

    @cached_property
    def lateness_origin(self) -> NDArray[np.int64]:
        """Per stop, the time from which finishing later costs (``-1``: no soft deadline).

        That is ``max(deadline, earliest finish)``, where the earliest finish is the
        soonest any available technician with the skill could complete the stop: shift
        start plus travel from their start, no earlier than the appointment window,
        plus service (breaks ignored, so it never overstates what is unavoidable).
        """
        origin = np.full(len(self.stops), -1, dtype=np.int64)
        techs = self.technicians
        shift = np.array([t.shift_start for t in techs], dtype=np.int64)
        available = np.array([t.available for t in techs], dtype=bool)
        for si, stop in enumerate(self.stops):
            if stop.deadline is None or stop.hard_deadline:
                continue
            able = available & np.array(
                [stop.skill is None or stop.skill in t.skills for t in techs]
            )
            if not able.any():
                origin[si] = stop.deadline
                continue
            arrive = shift[able] + self.durations[self.start_loc[able], self.stop_loc[si]]
            ready = stop.window.start if stop.window else 0
            finish = int(np.maximum(arrive, ready).min()) + stop.service_s
            origin[si] = max(stop.deadline, finish)
        return origin

    @cached_property
    def carry_over(self) -> NDArray[np.int64]:
        """Per stop, the seconds late it will be if left for :attr:`next_start` (0: none).

        That is the lateness past :attr:`lateness_origin` of finishing at ``next_start``
        plus its service: what is sunk today stays sunk. Read-only.
        """
        carry = np.zeros(len(self.stops), dtype=np.int64)
        if self.next_start is not None:
            service = np.array([s.service_s for s in self.stops], dtype=np.int64)
            origin = self.lateness_origin
            late = np.maximum(self.next_start + service - origin, 0)
            carry = np.where(origin >= 0, late, 0)
        carry.setflags(write=False)
        return carry

    @cached_property
    def late_if_left(self) -> NDArray[np.bool_]:
        """Per stop, whether it has an :attr:`Stop.on_time_by` it cannot meet if left for
        :attr:`next_start` (finishing then, after its service). Read-only."""
        late = np.array(
            [
                s.on_time_by is not None
                and self.next_start is not None
                and s.on_time_by < self.next_start + s.service_s
                for s in self.stops
            ],
            dtype=np.bool_,
        )
        late.setflags(write=False)
        return late

    def left_late(self, stop_ids: Iterable[str]) -> list[str]:
        """Those of ``stop_ids`` (stops a plan leaves out) that will be late by
        :attr:`next_start` (:attr:`late_if_left`), in the order given."""
        index = self.stop_index()
        return [i for i in stop_ids if self.late_if_left[index[i]]]

    @cached_property
    def top_stops(self) -> NDArray[np.bool_]:
        """Per stop, whether it outranks the rest: critical, pinned or started (a started
        job is pinned). The drop penalties make these a last resort of their own, and an
        on-time target never lowers their price of lateness."""
        top = np.array([s.critical or s.pinned_technician is not None for s in self.stops], bool)
        top.setflags(write=False)
        return top

    def drop_penalties(self) -> NDArray[np.int64]:
        """Penalty per stop for leaving it unassigned (lexicographic for critical stops).

        In objective units (:attr:`cost_scale`). Ordinary stops cost ``priority x weight x
        base`` with ``base`` (unless ``drop_penalty`` is given) ``2 x the longest arc +
        lateness_weight x the working day + 1``: more than the stop's own detour plus the most
        lateness it can still be charged (lateness before :attr:`lateness_origin` is sunk,
        and the origin is no earlier than the first shift start, so the working day from the
        first shift start to the last shift end bounds it). No larger than that, so
        penalties stay on the scale of travel and lateness and the local search can weigh
        them. With :attr:`next_start`, a stop also costs the lateness it will carry over
        (:attr:`carry_over`, at the lateness price). Critical, pinned
        and started stops cost more than every ordinary penalty, all travel and all
        lateness together, so the solver drops them only when nothing else works.

        Computed once per problem (the search, the repair and the evaluation all ask);
        the array is read-only.
        """
        return self._drop_penalties

    @cached_property
    def _drop_penalties(self) -> NDArray[np.int64]:
        stops = self.stops
        if not stops:
            return np.zeros(0, dtype=np.int64)
        max_cost = int(self.costs.max()) if self.costs.size else 0
        first = min((t.shift_start for t in self.technicians), default=0)
        day = max(self.horizon - min(first, self.horizon), 1)
        scale = self.cost_scale
        if self.drop_penalty is None:
            base = self.objective_of(2 * max_cost + 1, day)
        else:
            base = scale * self.drop_penalty
        rates = np.array([s.lateness_rate for s in stops], dtype=np.int64)
        ordinary = rates * (base + self.lateness_units * self.carry_over)
        bound = int(ordinary.sum()) + (len(stops) + len(self.technicians)) * max_cost * scale
        bound += int(rates.sum()) * self.lateness_units * day
        penalties = np.where(self.top_stops, (bound + 1) * rates, ordinary)
        penalties.setflags(write=False)
        return penalties


def _check_ids(techs: tuple[Technician, ...], stops: tuple[Stop, ...]) -> None:
    seen: set[str] = set()
    for t in techs:
        if t.id in seen:
            raise InvalidTechnicianError(t.id, "duplicate technician id")
        seen.add(t.id)
    seen.clear()
    for s in stops:
        if s.id in seen:
            raise InvalidStopError(s.id, "duplicate stop id")
        seen.add(s.id)


def _check_skills(
    techs: tuple[Technician, ...], stops: tuple[Stop, ...], catalogue: frozenset[str] | None
) -> None:
    if catalogue is None:
        return
    for t in techs:
        for skill in sorted(t.skills - catalogue):
            raise UnknownSkillError(f"technician {t.id!r}", skill)
    for s in stops:
        if s.skill is not None and s.skill not in catalogue:
            raise UnknownSkillError(f"stop {s.id!r}", s.skill)


def _check_pins(techs: tuple[Technician, ...], stops: tuple[Stop, ...]) -> None:
    ids = {t.id for t in techs}
    started: dict[str, str] = {}
    positions: set[tuple[str, int]] = set()
    for s in stops:
        tech = s.pinned_technician
        if tech is None:
            continue
        if tech not in ids:
            raise InvalidStopError(s.id, f"pinned to unknown technician {tech!r}")
        if s.started:
            if tech in started:
                raise InvalidStopError(s.id, f"{tech!r} already has started job {started[tech]!r}")
            started[tech] = s.id
        if s.pinned_position is not None:
            key = (tech, s.pinned_position)
            if key in positions:
                raise InvalidStopError(s.id, f"position {s.pinned_position} of {tech!r} is taken")
            positions.add(key)
    for s in stops:
        if s.pinned_position == 0 and s.pinned_technician in started and not s.started:
            raise InvalidStopError(s.id, "position 0 is taken by a started job")
