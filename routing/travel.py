"""Travel-time providers: great-circle (default), an injected matrix, or OSRM.

A provider turns the problem's locations into a square matrix of integer seconds. It is
called once, when the :class:`~routing.Problem` is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from geopy.distance import great_circle
from numpy.typing import NDArray

from .errors import InvalidLocationError, InvalidMatrixError
from .model import LatLon

EARTH_RADIUS_KM = 6371.0088
IntMatrix = NDArray[np.int64]


class TravelTimeProvider(Protocol):
    """Anything that can build a travel-time matrix for a list of locations."""

    def durations(self, locations: Sequence[LatLon | int]) -> IntMatrix:
        """Return an ``n x n`` matrix of travel times in integer seconds."""
        ...


def _coordinates(locations: Sequence[LatLon | int]) -> NDArray[np.float64]:
    out = np.empty((len(locations), 2), dtype=np.float64)
    for i, loc in enumerate(locations):
        if not isinstance(loc, LatLon):
            raise InvalidLocationError(f"location {i}", "this provider needs LatLon, got an index")
        out[i] = (loc.lat, loc.lon)
    return out


def haversine_km(coords: NDArray[np.float64]) -> NDArray[np.float64]:
    """Pairwise great-circle distances in km between ``(lat, lon)`` rows (vectorised)."""
    rad = np.radians(coords)
    lat, lon = rad[:, 0], rad[:, 1]
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass(frozen=True, slots=True)
class SpeedProfile:
    """Speeds by distance band: the first ``bands[0][0]`` km at ``bands[0][1]`` km/h, ...

    The last band's limit may be ``inf``. Because each band adds time for its own stretch
    only, travel time grows continuously with distance (short urban hops are slow, the
    ring road is fast).
    """

    bands: tuple[tuple[float, float], ...] = ((3.0, 18.0), (15.0, 30.0), (float("inf"), 55.0))

    def __post_init__(self) -> None:
        limits = [b[0] for b in self.bands]
        if not self.bands or limits != sorted(limits) or any(b[1] <= 0 for b in self.bands):
            raise ValueError("speed bands need increasing limits and positive speeds")

    def hours(self, km: NDArray[np.float64]) -> NDArray[np.float64]:
        """Driving hours for road distances ``km`` (any shape)."""
        total = np.zeros_like(km)
        lower = 0.0
        for limit, speed in self.bands:
            stretch = np.clip(km - lower, 0.0, limit - lower)
            total += stretch / speed
            lower = limit
        return total


@dataclass(frozen=True, slots=True)
class GreatCircleProvider:
    """Great-circle distance x detour factor, driven at a :class:`SpeedProfile`.

    Parameters
    ----------
    detour_factor
        Ratio of road distance to straight-line distance (1.3 is typical in cities).
    profile
        Speed by distance band.
    """

    detour_factor: float = 1.3
    profile: SpeedProfile = SpeedProfile()

    def durations(self, locations: Sequence[LatLon | int]) -> IntMatrix:
        """Travel times in seconds between all pairs of ``locations`` (vectorised)."""
        km = haversine_km(_coordinates(locations)) * self.detour_factor
        return np.ceil(self.profile.hours(km) * 3600.0).astype(np.int64)

    def duration(self, a: LatLon, b: LatLon) -> int:
        """Travel time in seconds for one pair (uses geopy, no matrix)."""
        km = great_circle((a.lat, a.lon), (b.lat, b.lon)).km * self.detour_factor
        return int(np.ceil(self.profile.hours(np.array([km]))[0] * 3600.0))


def check_matrix(matrix: NDArray[np.generic], size: int | None = None) -> IntMatrix:
    """Return ``matrix`` as int64 after checking it is square, finite and non-negative."""
    arr = np.asarray(matrix)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise InvalidMatrixError(f"matrix must be square, got shape {arr.shape}")
    if size is not None and arr.shape[0] != size:
        raise InvalidMatrixError(f"matrix must be {size}x{size}, got shape {arr.shape}")
    if not np.issubdtype(arr.dtype, np.number) or not np.all(np.isfinite(arr)):
        raise InvalidMatrixError("matrix must hold finite numbers")
    if np.any(arr < 0):
        raise InvalidMatrixError("matrix has negative travel times")
    return np.ceil(arr).astype(np.int64)


class MatrixProvider:
    """An injected matrix; locations are integer indices into it.

    Parameters
    ----------
    durations
        Square matrix of travel times in seconds (rounded up to integers).
    costs
        Optional square matrix of arc costs for the objective (defaults to
        ``durations``); the benchmarks use it to minimise distance exactly.
    """

    def __init__(
        self, durations: NDArray[np.generic], costs: NDArray[np.generic] | None = None
    ) -> None:
        self.matrix = check_matrix(durations)
        self.costs = None if costs is None else check_matrix(costs, len(self.matrix))

    def _indices(self, locations: Sequence[LatLon | int]) -> NDArray[np.intp]:
        n = len(self.matrix)
        for i, loc in enumerate(locations):
            if not isinstance(loc, int) or not 0 <= loc < n:
                raise InvalidLocationError(f"location {i}", f"{loc!r} is not an index below {n}")
        return np.asarray(locations, dtype=np.intp)

    def durations(self, locations: Sequence[LatLon | int]) -> IntMatrix:
        """Travel times between ``locations`` (indices into the matrix)."""
        idx = self._indices(locations)
        return self.matrix[np.ix_(idx, idx)]

    def arc_costs(self, locations: Sequence[LatLon | int]) -> IntMatrix | None:
        """Arc costs between ``locations``, or ``None`` when costs equal durations."""
        if self.costs is None:
            return None
        idx = self._indices(locations)
        return self.costs[np.ix_(idx, idx)]
