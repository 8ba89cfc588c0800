"""A seeded generator of realistic field-service days in one city.

Technicians have mixed skills (gas, water, gps) and staggered shifts with a lunch break;
orders are the four kinds of the domain with deadlines from its policy tables (water by
pipe diameter and gas by grade, read from ``fixtures/policy/defaults.json``; GPS repair in
two working days, GPS installs at an appointment), customer grades A/B/C and a few
grade-1 gas emergencies. A leak was reported at some moment within its repair period, so
the day starts with a backlog of leaks due today, tomorrow and later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np

from benchmarks import REPO
from routing import Break, LatLon, Problem, Stop, Technician, Window

HOUR = 3600
CITY = LatLon(30.2741, 120.1551)  # Hangzhou, as in the demo data
GRADE_WEIGHT = {"A": 3, "B": 2, "C": 1}
_POLICY = REPO / "fixtures" / "policy"
#: The repair-timeliness target (of the leak repairs, ``Stop.on_time_by``: their deadline):
#: the deployment's, read from its policy file.
TIMELINESS_TARGET_PCT = 100 * float(
    json.loads((_POLICY / "service_desk.json").read_text())["timeliness_target"]
)
#: The default policy's repair-deadline rows.
_DEADLINES = json.loads((_POLICY / "defaults.json").read_text())["deadlines"]
#: Hours per unit of a deadline row (a month is the mean calendar month).
_UNIT_H = {"hours": 1.0, "days": 24.0, "months": 24 * 365.25 / 12}
SERVICE_S = {"gas": 30 * 60, "water": 40 * 60, "gps_install": 40 * 60, "gps_repair": 25 * 60}


@dataclass(frozen=True)
class Scenario:
    """Technicians and stops of one generated day (times from local midnight)."""

    technicians: list[Technician]
    stops: list[Stop]
    kinds: dict[str, str]

    def problem(self) -> Problem:
        """The day as a :class:`routing.Problem` with great-circle travel times; orders left
        unassigned wait for the same shifts tomorrow (:attr:`routing.Problem.next_start`)."""
        tomorrow = 24 * HOUR + min(t.shift_start for t in self.technicians)
        return Problem(self.technicians, self.stops, next_start=tomorrow)


def due_hours(kind: str, size: int) -> int:
    """Hours from the report to the repair deadline of a ``kind`` of leak (``water_leak``,
    ``gas_leak``) of ``size`` (pipe diameter in mm, or grade), by the default policy."""
    for row in _DEADLINES:
        lo, hi = row["min_value"], row["max_value"]
        if row["kind"] == kind and (lo is None or lo <= size) and (hi is None or size <= hi):
            return round(row["due_amount"] * _UNIT_H[row["due_unit"]])
    raise LookupError(f"the default policy has no deadline for a {kind} of size {size}")


def _point(rng: np.random.Generator, radius_km: float) -> LatLon:
    r = radius_km * np.sqrt(rng.random())
    a = rng.random() * 2 * np.pi
    dlat = r * np.cos(a) / 111.2
    dlon = r * np.sin(a) / (111.2 * np.cos(np.radians(CITY.lat)))
    return LatLon(round(CITY.lat + dlat, 6), round(CITY.lon + dlon, 6))


def _technicians(rng: np.random.Generator, n: int) -> list[Technician]:
    skill_sets = [{"gas"}, {"water"}, {"gps"}, {"gas", "water"}, {"water", "gps"}]
    shifts = [(8, 17), (8, 17), (8, 17), (7, 16), (10, 19)]
    techs = []
    for k in range(n):
        start, end = shifts[int(rng.integers(len(shifts)))]
        home = _point(rng, 12.0)
        techs.append(
            Technician(
                id=f"T{k + 1:02d}",
                start=home,
                shift_start=start * HOUR,
                shift_end=end * HOUR,
                skills=frozenset(skill_sets[k % len(skill_sets)]),
                break_=Break(12 * HOUR, 13 * HOUR + 1800, 30 * 60),
                max_jobs=14,
            )
        )
    return techs


def _order(rng: np.random.Generator, k: int, kind: str, emergency: bool) -> Stop:
    grade = str(rng.choice(["A", "B", "C"], p=[0.2, 0.3, 0.5]))
    common: dict[str, Any] = {
        "id": f"WO-{k + 1:04d}",
        "location": _point(rng, 15.0),
        "service_s": SERVICE_S[kind],
        "weight": GRADE_WEIGHT[grade],
    }
    if kind == "gas":
        if emergency:
            reported = int(rng.integers(7 * HOUR, 9 * HOUR))
            deadline = reported + HOUR + SERVICE_S["gas"]
            return _leak(common, "gas", deadline, priority=5, critical=True)
        leak_grade = int(rng.choice([2, 3], p=[0.7, 0.3]))
        deadline = _backlog_deadline(rng, due_hours("gas_leak", leak_grade))
        return _leak(common, "gas", deadline, priority=2)
    if kind == "water":
        diameter = int(rng.choice([100, 200, 300, 500, 800, 1200]))
        deadline = _backlog_deadline(rng, due_hours("water_leak", diameter))
        return _leak(common, "water", deadline, priority=3)
    if kind == "gps_install":
        slot = int(rng.integers(8, 17))
        window = Window(slot * HOUR, (slot + 2) * HOUR)
        return Stop(**common, skill="gps", window=window, priority=2)
    reported = -int(rng.integers(0, 3)) * 24 * HOUR + int(rng.integers(8, 18)) * HOUR
    return Stop(**common, skill="gps", deadline=reported + 48 * HOUR, priority=1)


def _backlog_deadline(rng: np.random.Generator, within_h: int) -> int:
    """The deadline of a leak reported within the last ``within_h`` hours before 08:00."""
    reported = 8 * HOUR - int(rng.integers(0, within_h)) * HOUR
    return reported + within_h * HOUR


def _leak(
    common: dict[str, Any], skill: str, deadline: int, priority: int, critical: bool = False
) -> Stop:
    """A leak repair: the repair-timeliness rate counts it by its deadline."""
    return Stop(
        **common,
        skill=skill,
        deadline=deadline,
        on_time_by=deadline,
        priority=priority,
        critical=critical,
    )


def generate(
    seed: int = 0, technicians: int = 25, orders: int = 300, emergencies: int = 4
) -> Scenario:
    """Generate a day: ``technicians`` people, ``orders`` work orders, a few grade-1 leaks."""
    rng = np.random.default_rng(seed)
    techs = _technicians(rng, technicians)
    kinds = rng.choice(
        ["gas", "water", "gps_install", "gps_repair"], size=orders, p=[0.2, 0.35, 0.2, 0.25]
    )
    emergency_at = set(rng.choice(np.flatnonzero(kinds == "gas"), size=emergencies, replace=False))
    stops, kind_of = [], {}
    for k, kind in enumerate(kinds):
        stop = _order(rng, k, str(kind), k in emergency_at)
        stops.append(stop)
        kind_of[stop.id] = "gas_grade1" if k in emergency_at else str(kind)
    return Scenario(techs, stops, kind_of)


def emergency(seed: int, k: int = 9000, at: int = 11 * HOUR) -> Stop:
    """A grade-1 gas leak reported at ``at``: on site within the hour, never dropped."""
    rng = np.random.default_rng(seed + 10_000)
    return Stop(
        id=f"WO-{k}",
        location=_point(rng, 10.0),
        service_s=SERVICE_S["gas"],
        skill="gas",
        deadline=at + HOUR + SERVICE_S["gas"],
        priority=5,
        weight=3,
        critical=True,
        on_time_by=at + HOUR + SERVICE_S["gas"],
    )
