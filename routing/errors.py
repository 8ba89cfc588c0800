"""Errors raised when a routing problem is built from bad input.

Every error is a :class:`ValueError` subclass and its message names the offending stop
or technician, so a caller can show it to a dispatcher unchanged.
"""

from __future__ import annotations


class RoutingInputError(ValueError):
    """Base class of every input error raised by :mod:`routing`."""


class InvalidStopError(RoutingInputError):
    """A stop (work order) is malformed: negative duration, inverted window, ..."""

    def __init__(self, stop_id: str, message: str) -> None:
        super().__init__(f"stop {stop_id!r}: {message}")
        self.stop_id = stop_id


class InvalidTechnicianError(RoutingInputError):
    """A technician (vehicle) is malformed: inverted shift, bad break, ..."""

    def __init__(self, technician_id: str, message: str) -> None:
        super().__init__(f"technician {technician_id!r}: {message}")
        self.technician_id = technician_id


class InvalidLocationError(RoutingInputError):
    """A coordinate is out of range or NaN, or an index is outside the matrix."""

    def __init__(self, owner: str, message: str) -> None:
        super().__init__(f"{owner}: {message}")
        self.owner = owner


class InvalidMatrixError(RoutingInputError):
    """An injected travel-time matrix has the wrong shape or invalid values."""


class UnknownSkillError(RoutingInputError):
    """A stop or technician names a skill outside the problem's skill catalogue."""

    def __init__(self, owner: str, skill: str) -> None:
        super().__init__(f"{owner}: unknown skill {skill!r}")
        self.owner = owner
        self.skill = skill
