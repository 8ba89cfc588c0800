"""Starting routes for re-planning: the previous day repaired around pinned work.

Pure list manipulation over the solver's input (no OR-Tools here): ``_ortools`` reads the
result into an assignment and checks it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._input import SolverInput


def trimmed_routes(
    data: SolverInput, routes: list[list[int]], touched: set[int]
) -> list[list[int]] | None:
    """Drop the last movable stop of the longest route that received pinned work."""
    candidates = [v for v in touched if any(data.position[n] is None for n in routes[v])]
    if not candidates:
        return None
    vehicle = max(candidates, key=lambda v: len(routes[v]))
    route = routes[vehicle]
    last = max(i for i, n in enumerate(route) if data.position[n] is None)
    return [r if v != vehicle else route[:last] + route[last + 1 :] for v, r in enumerate(routes)]


def repaired_routes(data: SolverInput, routes: list[list[int]]) -> tuple[list[list[int]], set[int]]:
    """The previous routes with every pinned or started stop moved to its technician and place.

    Stops whose technician can no longer serve them are left out (the search re-inserts
    them); the rest keep their technician and order, so little moves. Also returns the
    vehicles that received pinned work (the routes that may now run late).
    """
    pinned = sorted(
        (n for n in range(data.num_stops) if data.position[n] is not None),
        key=lambda n: data.position[n] or 0,
    )
    fixed = [
        [n for n in route if data.position[n] is None and may_serve(data, n, vehicle)]
        for vehicle, route in enumerate(routes)
    ]
    touched: set[int] = set()
    for node in pinned:
        allowed = data.allowed[node]
        vehicle = (
            allowed[0]
            if allowed
            else next((v for v, route in enumerate(routes) if node in route), None)
        )
        if vehicle is not None:
            fixed[vehicle].insert(min(data.position[node] or 0, len(fixed[vehicle])), node)
            touched.add(vehicle)
    return fixed, touched


def may_serve(data: SolverInput, node: int, vehicle: int) -> bool:
    """Whether ``vehicle`` is eligible for stop ``node`` (``allowed`` ``None``: everyone)."""
    allowed = data.allowed[node]
    return allowed is None or vehicle in allowed
