"""``python -m benchmarks.travel [--sizes 100 300 1000] [--write]``."""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from geopy.distance import great_circle

from benchmarks import publish
from routing import GreatCircleProvider, LatLon
from routing.travel import EARTH_RADIUS_KM, IntMatrix

PROVIDER = GreatCircleProvider()
Build = Callable[[list[LatLon]], IntMatrix]


def locations(n: int, seed: int = 1) -> list[LatLon]:
    """``n`` points within about 20 km of central Hangzhou."""
    rng = np.random.default_rng(seed)
    return [LatLon(30.17 + rng.random() / 5, 120.05 + rng.random() / 5) for _ in range(n)]


def _seconds(km: list[float], n: int) -> IntMatrix:
    """The provider's detour factor and speed profile over straight-line distances."""
    road = np.array(km, dtype=np.float64).reshape(n, n) * PROVIDER.detour_factor
    return np.ceil(PROVIDER.profile.hours(road) * 3600.0).astype(np.int64)


def by_geopy(locs: list[LatLon]) -> IntMatrix:
    """geopy's ``great_circle`` for every ordered pair, one call each."""
    points = [(p.lat, p.lon) for p in locs]
    return _seconds([great_circle(a, b).km for a in points for b in points], len(locs))


def _haversine(a: LatLon, b: LatLon) -> float:
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def by_python(locs: list[LatLon]) -> IntMatrix:
    """A pure-Python haversine for every ordered pair."""
    return _seconds([_haversine(a, b) for a in locs for b in locs], len(locs))


PROJECT, GEOPY = "project (GreatCircleProvider, NumPy)", "geopy great_circle, pair by pair"
PEERS: dict[str, Build] = {
    PROJECT: PROVIDER.durations,
    GEOPY: by_geopy,
    "pure-Python haversine, pair by pair": by_python,
}


@dataclass
class Row:
    """One size: the wall time of each way (median of its ``builds``) and the largest gap."""

    size: int
    seconds: dict[str, float]
    builds: dict[str, int]
    max_diff_s: int


def _timed(build: Build, locs: list[LatLon], repeats: int) -> tuple[float, IntMatrix]:
    times, matrix = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        matrix = build(locs)
        times.append(time.perf_counter() - t0)
    assert matrix is not None
    return statistics.median(times), matrix


def measure(sizes: Sequence[int], repeats: int = 5, slow_repeats: int = 1) -> list[Row]:
    """Build each size with each way; the pair-by-pair ways run ``slow_repeats`` times."""
    PROVIDER.durations(locations(10))  # NumPy's first call pays for imports
    rows = []
    for n in sizes:
        locs = locations(n)
        seconds, matrices = {}, {}
        builds = {name: repeats if name == PROJECT else slow_repeats for name in PEERS}
        for name, build in PEERS.items():
            seconds[name], matrices[name] = _timed(build, locs, builds[name])
        reference = matrices[GEOPY]
        diff = max(int(np.abs(m - reference).max()) for m in matrices.values())
        rows.append(Row(n, seconds, builds, diff))
    return rows


def _time(s: float) -> str:
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def _builds(rows: list[Row], name: str) -> str:
    counts = sorted({r.builds[name] for r in rows})
    n = " or ".join(str(c) for c in counts)
    return "one build" if counts == [1] else f"median of {n} builds"


def markdown(rows: list[Row]) -> str:
    """The BENCHMARKS.md section."""
    names = list(PEERS)
    peers = sorted({_builds(rows, name) for name in names if name != PROJECT})
    lines = [
        "## Travel-time matrix",
        "",
        f"`python -m benchmarks.travel` — {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}. Locations spread over about 20 km of Hangzhou; every "
        f"way applies the same detour factor ({PROVIDER.detour_factor}) and speed profile "
        f"to its straight-line distances. Project: {_builds(rows, PROJECT)} per size; the "
        f"pair-by-pair peers: {' or '.join(peers)} per size, in the same run. Last column: the largest difference "
        f"of any way's matrix from geopy's, in seconds (rounding up to whole seconds).",
        "",
        "| locations | pairs | " + " | ".join(names) + " | max difference (s) |",
        "|---|---|" + "---|" * len(names) + "---|",
    ]
    for r in rows:
        cells = " | ".join(_time(r.seconds[name]) for name in names)
        lines.append(f"| {r.size:,} | {r.size * r.size:,} | {cells} | {r.max_diff_s} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Measure and print (with ``--write`` store) the section."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.travel", description=__doc__)
    ap.add_argument("--sizes", nargs="+", type=int, default=[100, 300, 1000])
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    publish("travel-matrix", markdown(measure(args.sizes)), write=args.write)


if __name__ == "__main__":
    main()
