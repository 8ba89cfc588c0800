"""The problem model: technicians, stops and the problem that ties them together.

Every class is a frozen dataclass validated on construction. Times are integer seconds
from a day origin chosen by the caller (for example midnight local time); durations are
integer seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import InvalidLocationError, InvalidStopError, InvalidTechnicianError


@dataclass(frozen=True, slots=True)
class LatLon:
    """A WGS84 coordinate in decimal degrees."""

    lat: float
    lon: float

    def check(self, owner: str) -> None:
        """Raise :class:`InvalidLocationError` naming ``owner`` if out of range or NaN."""
        if not (math.isfinite(self.lat) and math.isfinite(self.lon)):
            raise InvalidLocationError(owner, f"coordinate {self} is not finite")
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise InvalidLocationError(owner, f"coordinate {self} is out of range")


def check_location(loc: LatLon | int, owner: str) -> None:
    """Validate a location of either kind, naming ``owner`` in the error."""
    if isinstance(loc, LatLon):
        loc.check(owner)
    elif isinstance(loc, bool) or not isinstance(loc, int):
        raise InvalidLocationError(owner, f"location {loc!r} is neither LatLon nor int")
    elif loc < 0:
        raise InvalidLocationError(owner, f"matrix index {loc} is negative")


@dataclass(frozen=True, slots=True)
class Window:
    """A closed time interval ``[start, end]`` in seconds."""

    start: int
    end: int

    def invalid(self) -> str | None:
        """Return what is wrong with the window, or ``None`` when it is valid."""
        if self.end < self.start:
            return f"window ends ({self.end}) before it starts ({self.start})"
        return None


@dataclass(frozen=True, slots=True)
class Break:
    """A break of ``duration_s`` that must start within ``[earliest, latest]``."""

    earliest: int
    latest: int
    duration_s: int


@dataclass(frozen=True, slots=True)
class Technician:
    """A technician (vehicle) with a shift, skills and optional limits.

    Parameters
    ----------
    id
        Unique identifier, used in plans and error messages.
    start, end
        Where the day starts and ends (home base or last known position); ``end=None``
        means "back to ``start``".
    shift_start, shift_end
        The working window in seconds from the day origin; the route leaves no earlier
        than ``shift_start`` and is back no later than ``shift_end``.
    skills
        Skills this technician has (for example ``{"gas", "water"}``).
    break_
        Optional break taken between jobs within its window.
    max_jobs
        Optional maximum number of stops on the route.
    capacity
        Optional load capacity (same unit as :attr:`Stop.demand`).
    active
        ``False`` for someone off sick or off duty: no stop is planned for them (nor for
        someone whose shift has no time left, see :attr:`available`).
    """

    id: str
    start: LatLon | int
    shift_start: int
    shift_end: int
    skills: frozenset[str] = frozenset()
    end: LatLon | int | None = None
    break_: Break | None = None
    max_jobs: int | None = None
    capacity: int | None = None
    active: bool = True

    def __post_init__(self) -> None:
        def fail(msg: str) -> InvalidTechnicianError:
            return InvalidTechnicianError(self.id, msg)

        if not isinstance(self.id, str) or not self.id:
            raise fail("id must be a non-empty string")
        check_location(self.start, f"technician {self.id!r} start")
        if self.end is not None:
            check_location(self.end, f"technician {self.id!r} end")
        if self.shift_end < self.shift_start:
            raise fail(f"shift ends ({self.shift_end}) before it starts ({self.shift_start})")
        if not isinstance(self.skills, frozenset):
            raise fail("skills must be a frozenset")
        if self.max_jobs is not None and self.max_jobs < 0:
            raise fail(f"max_jobs {self.max_jobs} is negative")
        if self.capacity is not None and self.capacity < 0:
            raise fail(f"capacity {self.capacity} is negative")
        b = self.break_
        if b is not None:
            if b.duration_s < 0:
                raise fail(f"break duration {b.duration_s} is negative")
            if b.latest < b.earliest:
                raise fail("break window ends before it starts")

    @property
    def end_location(self) -> LatLon | int:
        """Where the route ends (``start`` when no end was given)."""
        return self.start if self.end is None else self.end

    @property
    def available(self) -> bool:
        """Active with working time left: the technicians a plan is made for.

        A shift that has already ended (``shift_end == shift_start``, as when a plan of
        today starts after it) leaves the technician out like ``active=False``, with its
        own reason for the stops nobody else can take.
        """
        return self.active and self.shift_end > self.shift_start


@dataclass(frozen=True, slots=True)
class Stop:
    """A stop (work order) to be served by one technician.

    Parameters
    ----------
    id
        Unique identifier (for example the order number).
    location
        Where the work happens.
    service_s
        Time on site in seconds.
    skill
        Skill required, or ``None`` when anyone can do it.
    window
        Appointment window (hard): service starts within it.
    deadline
        Time by which the service should be finished. Soft by default: each second late
        costs ``priority x weight`` (times the problem's lateness weight). With
        ``hard_deadline=True`` it must be met.
    priority, weight
        Positive integers scaling lateness and drop penalties; ``weight`` carries the
        customer grade (for example A=3, B=2, C=1).
    critical
        Never dropped while a technician with the skill exists (grade-1 gas leaks).
    pinned_technician, pinned_position
        Keep the stop with this technician (and at this 0-based position in the route).
    started
        The job is in progress: it stays first on ``pinned_technician``'s route.
    demand
        Load used on the technician's capacity.
    on_time_by
        When the stop counts toward the problem's on-time rate
        (:attr:`routing.Problem.on_time_target`; the utilities' repair-timeliness rate
        counts leak repairs): the time by which it must finish to count as on time,
        usually its ``deadline`` (a grade-1 leak's deadline is its one-hour response, its
        repair is due later). ``None``: not counted.
    """

    id: str
    location: LatLon | int
    service_s: int = 0
    skill: str | None = None
    window: Window | None = None
    deadline: int | None = None
    hard_deadline: bool = False
    priority: int = 1
    weight: int = 1
    critical: bool = False
    pinned_technician: str | None = None
    pinned_position: int | None = None
    started: bool = False
    demand: int = 0
    on_time_by: int | None = None

    def __post_init__(self) -> None:
        def fail(msg: str) -> InvalidStopError:
            return InvalidStopError(self.id, msg)

        if not isinstance(self.id, str) or not self.id:
            raise fail("id must be a non-empty string")
        check_location(self.location, f"stop {self.id!r}")
        if self.service_s < 0:
            raise fail(f"service duration {self.service_s} is negative")
        if self.window is not None and (problem := self.window.invalid()):
            raise fail(problem)
        if self.priority < 1 or self.weight < 1:
            raise fail("priority and weight must be at least 1")
        if self.demand < 0:
            raise fail(f"demand {self.demand} is negative")
        if self.hard_deadline and self.deadline is None:
            raise fail("hard_deadline is set but there is no deadline")
        if (self.pinned_position is not None or self.started) and not self.pinned_technician:
            raise fail("a pinned position or a started job needs pinned_technician")
        if self.pinned_position is not None and self.pinned_position < 0:
            raise fail(f"pinned position {self.pinned_position} is negative")

    @property
    def lateness_rate(self) -> int:
        """Cost per second late, before the problem's lateness weight."""
        return self.priority * self.weight
