"""Which engine searches: OR-Tools builds the first solution, SISR improves it.

With ``SearchSettings(engine="ortools")`` (or a day with no stop or no shift to plan),
OR-Tools searches on its own as before.
"""

from __future__ import annotations

from ._input import SolverInput
from ._ortools import first_routes
from ._ortools import search as ortools_search
from ._seed import repaired_routes


def search(data: SolverInput, deadline: float, solution_limit: int | None) -> list[list[int]]:
    """Node routes per vehicle for ``data``, searched until ``deadline`` (perf_counter).

    ``solution_limit`` caps the search for reproducible results: OR-Tools' solutions, or
    the SISR engine's steps.
    """
    from . import _sisr  # Numba loads on the first plan, not on ``import routing``

    if not _sisr.supports(data):
        return ortools_search(data, deadline, solution_limit)
    if data.initial_routes is None:
        first = first_routes(data, deadline)
    else:
        # A re-plan starts from the previous routes with pinned work moved into place;
        # the SISR engine cuts routes that no longer fit. (OR-Tools could not always read
        # them back: its clock folds breaks more strictly than the plans it gets from SISR.)
        first, _ = repaired_routes(data, data.initial_routes)
    return _sisr.improve(data, first, deadline, step_limit=solution_limit)


def warm_up() -> None:
    """Compile the SISR kernel (or load it from Numba's disk cache) before the first plan.

    The first compilation takes some seconds, later processes load it in well under one;
    call this when a worker starts so that no plan spends its time limit compiling.
    """
    from . import _sisr

    _sisr.warm_up()
