"""The result of planning: routes with a timed schedule, totals and unassigned reasons."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Visit:
    """One stop on a route, with its schedule in seconds from the day origin."""

    stop_id: str
    arrival: int
    start: int
    end: int
    waiting: int
    lateness: int
    travel_s: int


@dataclass(frozen=True, slots=True)
class Route:
    """A technician's day: ordered visits, departure and return times, travel."""

    technician_id: str
    visits: tuple[Visit, ...]
    departure: int
    return_time: int
    travel_s: int
    break_start: int | None = None

    @property
    def stop_ids(self) -> list[str]:
        """Stop ids in visiting order."""
        return [v.stop_id for v in self.visits]


@dataclass(frozen=True, slots=True)
class Unassigned:
    """A stop left out of the plan, with a reason a dispatcher understands."""

    stop_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Plan:
    """A complete plan: one :class:`Route` per technician plus what was left out.

    ``objective`` is travel cost + lateness cost + drop penalties in the problem's units
    (:attr:`Problem.cost_scale` of them per travel-cost unit);
    ``violations`` lists broken hard constraints (always empty for plans from
    :func:`~routing.solve`, used by :func:`~routing.evaluate` on foreign routes).
    """

    routes: tuple[Route, ...]
    unassigned: tuple[Unassigned, ...]
    travel_s: int
    lateness_s: int
    late_count: int
    objective: int
    violations: tuple[str, ...] = ()

    @property
    def unassigned_count(self) -> int:
        """Number of stops left out."""
        return len(self.unassigned)

    @property
    def feasible(self) -> bool:
        """``True`` when no hard constraint is broken."""
        return not self.violations

    def assignment(self) -> dict[str, str]:
        """Map each planned stop id to its technician id."""
        return {v.stop_id: r.technician_id for r in self.routes for v in r.visits}

    def route_of(self, technician_id: str) -> Route:
        """The route of one technician (``KeyError`` if unknown)."""
        for r in self.routes:
            if r.technician_id == technician_id:
                return r
        raise KeyError(technician_id)

    def as_routes(self) -> dict[str, list[str]]:
        """Routes as plain ``{technician_id: [stop_id, ...]}`` (input of ``evaluate``)."""
        return {r.technician_id: r.stop_ids for r in self.routes}

    def reasons(self) -> dict[str, str]:
        """Map each unassigned stop id to its reason."""
        return {u.stop_id: u.reason for u in self.unassigned}
