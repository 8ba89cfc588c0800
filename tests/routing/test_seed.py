"""Starting routes for re-planning: pinned work moved into place, the rest kept."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from routing._seed import repaired_routes, trimmed_routes


def _data(position: list[int | None], allowed: list[list[int] | None]) -> Any:
    return SimpleNamespace(num_stops=len(position), position=position, allowed=allowed)


def test_pinned_stop_moves_to_its_technician_and_place() -> None:
    # stop 4 was on vehicle 0 last time; it is now started on vehicle 1 (position 0)
    data = _data([None, None, None, None, 0], [None, None, None, None, [1]])
    routes, touched = repaired_routes(data, [[0, 4, 1], [2, 3]])
    assert routes == [[0, 1], [4, 2, 3]]
    assert touched == {1}


def test_stops_a_technician_can_no_longer_serve_are_left_out() -> None:
    data = _data([None, None, None], [[1], None, None])
    routes, touched = repaired_routes(data, [[0, 1], [2]])
    assert routes == [[1], [2]]
    assert touched == set()


def test_trimming_drops_the_last_movable_stop_of_a_touched_route() -> None:
    data = _data([None, None, None, 0], [None, None, None, [0]])
    once = trimmed_routes(data, [[3, 0, 1], [2]], {0})
    assert once == [[3, 0], [2]]
    assert trimmed_routes(data, [[3], [2]], {0}) is None
