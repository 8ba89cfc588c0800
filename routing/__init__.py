"""routing — plan a day of field work (a pure library on OR-Tools and Numba).

Build a :class:`Problem` from :class:`Technician` and :class:`Stop` objects (validated on
construction; bad input raises a :class:`ValueError` subclass naming the stop or
technician), then call :func:`solve` for a :class:`Plan`, or :func:`replan` to adapt an
existing plan to a change. :func:`evaluate` scores any routes independently.
OR-Tools builds the first solution and a compiled SISR search improves it; call
:func:`warm_up` once per process to compile that search before the first plan.

Times are integer seconds from a day origin the caller chooses. Locations are
:class:`LatLon` coordinates (with :class:`GreatCircleProvider` or :class:`OsrmProvider`) or
integer indices into a matrix given to :class:`MatrixProvider`.

Example
-------
>>> from routing import LatLon, Problem, Stop, Technician, Window, solve
>>> depot = LatLon(31.23, 121.47)
>>> tech = Technician("t1", depot, shift_start=8 * 3600, shift_end=17 * 3600,
...                   skills=frozenset({"gas"}))
>>> leak = Stop("WO-1", LatLon(31.25, 121.50), service_s=1800, skill="gas",
...             deadline=9 * 3600, critical=True)
>>> plan = solve(Problem([tech], [leak]), time_limit_s=0.2)
>>> plan.route_of("t1").stop_ids
['WO-1']
"""

from ._search import warm_up
from .errors import (
    InvalidLocationError,
    InvalidMatrixError,
    InvalidStopError,
    InvalidTechnicianError,
    RoutingInputError,
    UnknownSkillError,
)
from .evaluate import evaluate
from .model import Break, LatLon, Stop, Technician, Window
from .osrm import OsrmProvider
from .plan import Plan, Route, Unassigned, Visit
from .problem import Problem
from .solve import DEFAULT_CHANGE_PENALTY, replan, solve
from .travel import GreatCircleProvider, MatrixProvider, SpeedProfile, TravelTimeProvider

__all__ = [
    "DEFAULT_CHANGE_PENALTY",
    "Break",
    "GreatCircleProvider",
    "InvalidLocationError",
    "InvalidMatrixError",
    "InvalidStopError",
    "InvalidTechnicianError",
    "LatLon",
    "MatrixProvider",
    "OsrmProvider",
    "Plan",
    "Problem",
    "Route",
    "RoutingInputError",
    "SpeedProfile",
    "Stop",
    "Technician",
    "TravelTimeProvider",
    "Unassigned",
    "UnknownSkillError",
    "Visit",
    "Window",
    "evaluate",
    "replan",
    "solve",
    "warm_up",
]
