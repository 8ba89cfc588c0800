"""Search settings reach OR-Tools, and every variant still returns a valid plan."""

from __future__ import annotations

from typing import Any

import pytest
from ortools.constraint_solver import pywrapcp

from routing import solve
from routing._ortools import HEAVY_OPERATORS, SearchSettings, _parameters
from tests.routing.test_solve import _random_problem


def _operators(settings: SearchSettings) -> Any:
    """The local-search operator switches OR-Tools would get for ``settings``."""
    from routing._compile import compile_problem

    data = compile_problem(_random_problem(10, 0), seed=0, settings=settings).data
    return _parameters(data, 1.0, None).local_search_operators


def test_heavy_operators_are_off_by_default_and_can_be_turned_back_on() -> None:
    lean, full = _operators(SearchSettings()), _operators(SearchSettings(operators_off=()))
    for name in HEAVY_OPERATORS:
        assert getattr(lean, f"use_{name}") == pywrapcp.BOOL_FALSE, name
        assert getattr(full, f"use_{name}") != pywrapcp.BOOL_FALSE, name
    assert lean.use_relocate == pywrapcp.BOOL_TRUE


@pytest.mark.parametrize(
    "settings",
    [
        SearchSettings(operators_off=()),
        SearchSettings(ruin_random_walk=8),
        SearchSettings(polish_share=0.3),
        SearchSettings(coverage_share=0.0),
        SearchSettings(ils=False, metaheuristic="GUIDED_LOCAL_SEARCH"),
    ],
    ids=["all-operators", "random-walk", "gls-polish", "one-phase", "gls"],
)
def test_every_variant_gives_a_valid_plan(settings: SearchSettings) -> None:
    p = _random_problem(40, 2)
    plan = solve(p, time_limit_s=0.5, seed=2, settings=settings)
    assert plan.feasible, plan.violations
    assert plan.unassigned_count == 0
