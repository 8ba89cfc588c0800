"""A seeded generator of realistic field-service days in one city.

Technicians have mixed skills (gas, water, gps) and staggered shifts with a lunch break;
orders are the four kinds of the domain with deadlines from its policy tables (water by
pipe diameter, gas by grade, GPS repair in two working days, GPS installs at an
appointment), customer grades A/B/C and a few grade-1 gas emergencies.
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
#: The repair-timeliness target (of the leak repairs, ``Stop.on_time_by``: their deadline):
#: the deployment's, read from its policy file.
TIMELINESS_TARGET_PCT = 100 * float(
    json.loads((REPO / "fixtures" / "policy" / "service_desk.json").read_text())[
        "timeliness_target"
    ]
)
SERVICE_S = {"gas": 30 * 60, "water": 40 * 60, "gps_install": 40 * 60, "gps_repair": 25 * 60}


@dataclass(frozen=True)
class Scenario:
    """Technicians and stops of one generated day (times from local midnight)."""

    technicians: list[Technician]
    stops: list[Stop]
    kinds: dict[str, str]

    def problem(self) -> Problem:
        """The day as a :class:`routing.Problem` with great-circle travel times."""
        return Problem(self.technicians, self.stops)


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
        return _leak(common, "gas", int(rng.integers(14, 60)) * HOUR, priority=2)
    if kind == "water":
        diameter = int(rng.choice([100, 200, 300, 500, 800, 1200]))
        within = 24 if diameter <= 300 else 48 if diameter < 1000 else 72
        reported = -int(rng.integers(0, within)) * HOUR + 8 * HOUR
        return _leak(common, "water", reported + within * HOUR, priority=3)
    if kind == "gps_install":
        slot = int(rng.integers(8, 17))
        window = Window(slot * HOUR, (slot + 2) * HOUR)
        return Stop(**common, skill="gps", window=window, priority=2)
    reported = -int(rng.integers(0, 3)) * 24 * HOUR + int(rng.integers(8, 18)) * HOUR
    return Stop(**common, skill="gps", deadline=reported + 48 * HOUR, priority=1)


def _leak(common: dict[str, Any], skill: str, deadline: int, **kw: Any) -> Stop:
    """A leak repair: the repair-timeliness rate counts it by its deadline."""
    return Stop(**common, skill=skill, deadline=deadline, on_time_by=deadline, **kw)


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
