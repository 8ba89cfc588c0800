"""Read Solomon instances and best-known solutions; check routes from coordinates."""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

DATA = Path(__file__).resolve().parent / "data"


def solomon_dir() -> Path:
    """The Solomon folder: ``$VRPTW_DIR``, or the copy in the repository (``data/solomon``).

    ``bks.csv`` lies next to it, in the folder's parent.
    """
    override = os.environ.get("VRPTW_DIR")
    return Path(override) if override else DATA / "solomon"


@dataclass(frozen=True)
class Instance:
    """A Solomon instance; row 0 is the depot."""

    name: str
    vehicles: int
    capacity: int
    xy: NDArray[np.float64]
    demand: NDArray[np.int64]
    ready: NDArray[np.int64]
    due: NDArray[np.int64]
    service: NDArray[np.int64]

    @property
    def size(self) -> int:
        """Number of customers."""
        return len(self.xy) - 1

    def distances(self) -> NDArray[np.float64]:
        """Double-precision Euclidean distance matrix (travel time equals distance)."""
        diff = self.xy[:, None, :] - self.xy[None, :, :]
        return np.sqrt((diff**2).sum(axis=2))


def read_instance(path: Path) -> Instance:
    """Parse a file in the original Solomon text layout."""
    lines = [ln.split() for ln in path.read_text().splitlines()]
    name = lines[0][0]
    vehicles, capacity = (
        int(x) for x in next(ln for ln in lines if len(ln) == 2 and ln[0].isdigit())
    )
    rows = [list(map(float, ln)) for ln in lines if len(ln) == 7 and ln[0].isdigit()]
    arr = np.array(rows)
    return Instance(
        name=name,
        vehicles=vehicles,
        capacity=capacity,
        xy=arr[:, 1:3],
        demand=arr[:, 3].astype(np.int64),
        ready=arr[:, 4].astype(np.int64),
        due=arr[:, 5].astype(np.int64),
        service=arr[:, 6].astype(np.int64),
    )


def instance_names(folder: Path | None = None) -> list[str]:
    """All instance names in the folder, sorted."""
    return sorted(p.stem for p in (folder or solomon_dir()).glob("*.txt"))


def load(name: str, folder: Path | None = None) -> Instance:
    """Load one instance by name (``C101``)."""
    return read_instance((folder or solomon_dir()) / f"{name}.txt")


def best_known(convention: str = "distance", folder: Path | None = None) -> dict[str, float]:
    """Best-known total distances from ``bks.csv`` under one convention."""
    path = (folder or solomon_dir()).parent / "bks.csv"
    with path.open(newline="") as fh:
        return {
            row["instance"]: float(row["distance"])
            for row in csv.DictReader(fh)
            if row["convention"] == convention
        }


@dataclass(frozen=True)
class Check:
    """Outcome of re-evaluating routes from coordinates."""

    distance: float
    vehicles: int
    problems: tuple[str, ...]

    @property
    def feasible(self) -> bool:
        """No violated constraint and every customer served once."""
        return not self.problems


def check_routes(inst: Instance, routes: list[list[int]], eps: float = 1e-6) -> Check:
    """Recompute distance and check windows, capacity and coverage in double precision."""
    dist = inst.distances()
    problems: list[str] = []
    total = 0.0
    seen: list[int] = []
    used = [r for r in routes if r]
    for k, route in enumerate(used):
        t, prev, load = 0.0, 0, 0
        for c in route:
            if not 1 <= c <= inst.size:
                problems.append(f"route {k}: unknown customer {c}")
                continue
            total += dist[prev, c]
            t = max(t + dist[prev, c], float(inst.ready[c]))
            if t > inst.due[c] + eps:
                problems.append(f"route {k}: customer {c} starts {t:.3f} > due {inst.due[c]}")
            t += inst.service[c]
            load += int(inst.demand[c])
            prev = c
            seen.append(c)
        total += dist[prev, 0]
        if t + dist[prev, 0] > inst.due[0] + eps:
            problems.append(f"route {k}: back at depot {t + dist[prev, 0]:.3f} > {inst.due[0]}")
        if load > inst.capacity:
            problems.append(f"route {k}: load {load} > capacity {inst.capacity}")
    if len(used) > inst.vehicles:
        problems.append(f"{len(used)} routes > {inst.vehicles} vehicles")
    if sorted(seen) != list(range(1, inst.size + 1)):
        missing = set(range(1, inst.size + 1)) - set(seen)
        problems.append(f"{len(missing)} customers missing, {len(seen) - len(set(seen))} repeated")
    return Check(total if math.isfinite(total) else math.inf, len(used), tuple(problems))
