"""Bad input is rejected at construction with a ValueError naming the culprit."""

from __future__ import annotations

import math

import numpy as np
import pytest

from routing import (
    Break,
    InvalidLocationError,
    InvalidMatrixError,
    InvalidStopError,
    InvalidTechnicianError,
    LatLon,
    MatrixProvider,
    Problem,
    RoutingInputError,
    Stop,
    Technician,
    UnknownSkillError,
    Window,
)
from tests.routing.helpers import line_matrix, problem, tech


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"service_s": -5}, "service duration -5 is negative"),
        ({"window": Window(100, 50)}, "window ends (50) before it starts (100)"),
        ({"priority": 0}, "priority and weight must be at least 1"),
        ({"demand": -1}, "demand -1 is negative"),
        ({"hard_deadline": True}, "no deadline"),
        ({"pinned_position": 0}, "needs pinned_technician"),
        ({"started": True}, "needs pinned_technician"),
    ],
)
def test_bad_stop_names_the_stop(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidStopError) as err:
        Stop("WO-7", 1, **kwargs)  # type: ignore[arg-type]
    assert "'WO-7'" in str(err.value)
    assert fragment in str(err.value)
    assert err.value.stop_id == "WO-7"
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"shift_start": 10, "shift_end": 5}, "shift ends (5) before it starts (10)"),
        ({"max_jobs": -1}, "max_jobs -1 is negative"),
        ({"capacity": -3}, "capacity -3 is negative"),
        ({"break_": Break(100, 50, 10)}, "break window ends before it starts"),
        ({"break_": Break(0, 50, -10)}, "break duration -10 is negative"),
    ],
)
def test_bad_technician_names_the_technician(kwargs: dict[str, object], fragment: str) -> None:
    fields: dict[str, object] = {"shift_start": 0, "shift_end": 100}
    fields.update(kwargs)
    with pytest.raises(InvalidTechnicianError) as err:
        Technician("bob", 0, **fields)  # type: ignore[arg-type]
    assert "'bob'" in str(err.value)
    assert fragment in str(err.value)


@pytest.mark.parametrize(
    "where", [LatLon(math.nan, 10.0), LatLon(91.0, 0.0), LatLon(0.0, -181.0), -1]
)
def test_bad_coordinates_are_rejected(where: LatLon | int) -> None:
    with pytest.raises(InvalidLocationError, match="stop 'WO-1'"):
        Stop("WO-1", where)


def test_matrix_of_wrong_shape() -> None:
    with pytest.raises(InvalidMatrixError, match="square"):
        MatrixProvider(np.zeros((3, 4)))
    with pytest.raises(InvalidMatrixError, match="negative"):
        MatrixProvider(np.array([[0, -1], [1, 0]]))
    with pytest.raises(InvalidMatrixError, match="finite"):
        MatrixProvider(np.array([[0, np.nan], [1, 0]]))


def test_index_outside_matrix_is_rejected() -> None:
    with pytest.raises(InvalidLocationError, match="not an index below 2"):
        Problem([tech()], [Stop("a", 5)], travel=line_matrix([0, 1]))


def test_provider_returning_wrong_shape() -> None:
    class Broken:
        def durations(self, locations: object) -> np.ndarray:
            return np.zeros((1, 1), dtype=np.int64)

    with pytest.raises(InvalidMatrixError, match="expected 2x2"):
        Problem([tech()], [Stop("a", 1)], travel=Broken())


def test_unknown_skill_against_catalogue() -> None:
    known = frozenset({"gas", "water", "gps"})
    with pytest.raises(UnknownSkillError, match="stop 'a': unknown skill 'gaz'"):
        problem([0, 1], [tech()], [Stop("a", 1, skill="gaz")], skills=known)
    with pytest.raises(UnknownSkillError, match="technician 't1'"):
        problem([0, 1], [tech(skills=frozenset({"plumbing"}))], [], skills=frozenset({"gas"}))


def test_duplicate_ids_and_unknown_pins() -> None:
    with pytest.raises(InvalidStopError, match="duplicate stop id"):
        problem([0, 1], [tech()], [Stop("a", 1), Stop("a", 1)])
    with pytest.raises(InvalidTechnicianError, match="duplicate technician id"):
        problem([0, 1], [tech(), tech()], [])
    with pytest.raises(InvalidStopError, match="pinned to unknown technician 'zed'"):
        problem([0, 1], [tech()], [Stop("a", 1, pinned_technician="zed")])
    stops = [Stop(s, 1, pinned_technician="t1", started=True) for s in ("a", "b")]
    with pytest.raises(InvalidStopError, match="already has started job"):
        problem([0, 1], [tech()], stops)


def test_every_error_is_a_value_error() -> None:
    assert issubclass(RoutingInputError, ValueError)
    for cls in (InvalidStopError, InvalidTechnicianError, InvalidMatrixError, UnknownSkillError):
        assert issubclass(cls, RoutingInputError)


def test_problem_is_frozen_and_builds_one_matrix() -> None:
    p = problem([0, 1, 3], [tech()], [Stop("a", 1), Stop("b", 2)])
    assert p.durations.shape == (3, 3)
    assert p.durations[0, 2] == 180
    with pytest.raises(AttributeError):
        p.lateness_weight = 3  # type: ignore[misc]


def test_critical_penalty_outweighs_all_ordinary_ones() -> None:
    stops = [Stop(f"s{i}", 1, priority=5, weight=3) for i in range(20)]
    stops.append(Stop("leak", 2, critical=True))
    pen = problem([0, 1, 2], [tech()], stops).drop_penalties()
    assert pen[-1] > pen[:-1].sum()
