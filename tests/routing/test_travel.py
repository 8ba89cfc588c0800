"""Travel-time providers: great-circle maths, speed profile, injected matrices."""

from __future__ import annotations

import numpy as np
import pytest

from routing import GreatCircleProvider, LatLon, MatrixProvider, SpeedProfile
from routing.errors import InvalidLocationError
from routing.travel import haversine_km


def test_haversine_one_degree_of_latitude() -> None:
    km = haversine_km(np.array([[0.0, 0.0], [1.0, 0.0]]))
    assert km[0, 1] == pytest.approx(111.19, abs=0.01)
    assert km[0, 0] == 0.0


def test_speed_profile_is_continuous_and_banded() -> None:
    prof = SpeedProfile(((3.0, 18.0), (15.0, 30.0), (float("inf"), 60.0)))
    hours = prof.hours(np.array([3.0, 15.0, 75.0]))
    assert hours[0] == pytest.approx(3 / 18)
    assert hours[1] == pytest.approx(3 / 18 + 12 / 30)
    assert hours[2] == pytest.approx(3 / 18 + 12 / 30 + 60 / 60)
    with pytest.raises(ValueError, match="increasing"):
        SpeedProfile(((5.0, 10.0), (3.0, 20.0)))


def test_matrix_agrees_with_single_geopy_lookup() -> None:
    a, b = LatLon(30.27, 120.15), LatLon(30.30, 120.20)
    provider = GreatCircleProvider()
    matrix = provider.durations([a, b])
    assert matrix[0, 1] == matrix[1, 0]
    assert abs(int(matrix[0, 1]) - provider.duration(a, b)) <= 1
    assert 600 < matrix[0, 1] < 1800  # ~6 km of city driving


def test_thousand_locations_match_pair_by_pair_look_ups() -> None:
    """The vectorised matrix (its speed: BENCHMARKS.md, "Travel-time matrix") agrees with
    geopy asked one pair at a time."""
    rng = np.random.default_rng(1)
    locs = [LatLon(30 + rng.random() / 5, 120 + rng.random() / 5) for _ in range(1000)]
    provider = GreatCircleProvider()
    matrix = provider.durations(locs)
    assert matrix.shape == (1000, 1000)
    assert matrix.dtype == np.int64
    assert not matrix.diagonal().any()
    assert (matrix == matrix.T).all()
    for i, j in rng.integers(0, 1000, size=(200, 2)):
        assert abs(int(matrix[i, j]) - provider.duration(locs[i], locs[j])) <= 1


def test_great_circle_needs_coordinates() -> None:
    with pytest.raises(InvalidLocationError, match="needs LatLon"):
        GreatCircleProvider().durations([3])


def test_matrix_provider_selects_rows_and_costs() -> None:
    m = np.arange(16).reshape(4, 4)
    provider = MatrixProvider(m, costs=m * 10)
    assert provider.durations([3, 1]).tolist() == [[15, 13], [7, 5]]
    costs = provider.arc_costs([3, 1])
    assert costs is not None
    assert costs.tolist() == [[150, 130], [70, 50]]
