"""Small builders for hand-checkable routing instances."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from routing import MatrixProvider, Problem, Stop, Technician

HOUR = 3600


def line_matrix(xs: Sequence[float], per_unit_s: int = 60) -> MatrixProvider:
    """Locations on a line at ``xs``; travel time is distance x ``per_unit_s``."""
    x = np.asarray(xs, dtype=float)
    return MatrixProvider(np.abs(x[:, None] - x[None, :]) * per_unit_s)


def tech(tid: str = "t1", start: int = 0, **kw: object) -> Technician:
    """A technician at matrix location ``start`` working 8:00-17:00 by default."""
    fields: dict[str, object] = {
        "shift_start": 8 * HOUR,
        "shift_end": 17 * HOUR,
        "skills": frozenset({"gas", "water", "gps"}),
    }
    fields.update(kw)
    return Technician(tid, start, **fields)  # type: ignore[arg-type]


def problem(
    xs: Sequence[float], techs: list[Technician], stops: list[Stop], **kw: object
) -> Problem:
    """A problem on the line ``xs``."""
    return Problem(techs, stops, travel=line_matrix(xs), **kw)  # type: ignore[arg-type]
