"""Sunk lateness: what is already unavoidable costs nothing, so overdue work is served."""

from __future__ import annotations

import pytest

from routing import Problem, Stop, Window, evaluate, solve
from tests.routing.helpers import HOUR, problem, tech

FAST = 0.2
DAY = 24 * HOUR


def test_origin_is_the_deadline_or_the_earliest_possible_finish() -> None:
    stops = [
        Stop("overdue", 2, service_s=1800, deadline=-2 * DAY),
        Stop("due-later", 2, service_s=1800, deadline=15 * HOUR),
        Stop("appointment", 2, service_s=600, window=Window(10 * HOUR, 11 * HOUR), deadline=0),
        Stop("no-deadline", 2, service_s=600),
    ]
    p = problem([0, 0, 5], [tech("a", 0), tech("b", 1, shift_start=7 * HOUR)], stops)
    # b starts at 7:00, drives 5 min, works 30 min: 7:35 is the earliest finish.
    assert list(p.lateness_origin) == [7 * HOUR + 300 + 1800, 15 * HOUR, 10 * HOUR + 600, -1]


def test_overdue_stop_is_served_rather_than_dropped() -> None:
    # Two days overdue: lateness from the deadline exceeds the drop penalty, but all of it
    # is sunk at 8:00, so serving costs only the detour and the minutes after 8:35.
    stops = [Stop("old", 1, service_s=1800, deadline=-2 * DAY, priority=3, weight=3)]
    plan = solve(problem([0, 5], [tech()], stops), time_limit_s=FAST)
    assert plan.route_of("t1").stop_ids == ["old"]
    assert plan.unassigned_count == 0
    assert plan.late_count == 1  # reported lateness still counts from the deadline
    visit = plan.route_of("t1").visits[0]
    assert visit.lateness == visit.end + 2 * DAY
    assert plan.objective == 600  # travel there and back; no avoidable lateness


def test_avoidable_lateness_after_the_earliest_finish_still_costs() -> None:
    stops = [
        Stop("old", 1, service_s=1800, deadline=-2 * DAY),
        Stop("first", 2, service_s=HOUR),
    ]
    p = problem([0, 5, 5], [tech()], stops)
    late = evaluate(p, {"t1": ["first", "old"]})
    early = evaluate(p, {"t1": ["old", "first"]})
    # Serving "old" after a 1-hour job makes it finish an hour after it could have.
    assert late.objective - early.objective == HOUR
    assert solve(p, time_limit_s=FAST).route_of("t1").stop_ids == ["old", "first"]


def test_drop_penalty_exceeds_detour_plus_worst_chargeable_lateness() -> None:
    stops = [Stop("s", 2, service_s=600, deadline=9 * HOUR, priority=2, weight=3)]
    p = problem([0, 5, 10], [tech("a", 0), tech("b", 1, shift_start=7 * HOUR)], stops)
    rate = 6
    detour = 2 * int(p.costs.max())
    # The latest it can end is the last shift end; lateness before the origin is sunk.
    worst = rate * (17 * HOUR - int(p.lateness_origin[0]))
    assert p.drop_penalties()[0] > rate * detour + worst
    # ... but on the same scale: no more than a day of lateness plus the detour.
    assert p.drop_penalties()[0] <= rate * (detour + 10 * HOUR + 1)


def _detour_or_lateness(weight: float) -> Problem:
    """Serving "urgent" (due 8:10, 10 min away) first costs 20 more minutes of driving;
    serving "aside" first makes "urgent" 10 minutes late."""
    stops = [
        Stop("urgent", 2, deadline=8 * HOUR + 600, priority=2, weight=2),
        Stop("aside", 3),
    ]
    # Locations: 0 the start, 1 the end (x=20), 2 urgent (x=10), 3 aside (x=-5).
    return problem([0, 20, 10, -5], [tech(end=1)], stops, lateness_weight=weight)


@pytest.mark.parametrize(
    ("weight", "route"), [(1, ["urgent", "aside"]), (0.25, ["aside", "urgent"])]
)
def test_the_lateness_weight_trades_punctuality_for_driving(
    weight: float, route: list[str]
) -> None:
    # 10 min late at rate 4 costs 2,400 s x weight against 1,200 s more driving.
    plan = solve(_detour_or_lateness(weight), time_limit_s=FAST)
    assert plan.route_of("t1").stop_ids == route


def test_a_fractional_weight_keeps_the_objective_whole() -> None:
    p = _detour_or_lateness(0.25)
    assert (p.cost_scale, p.lateness_units) == (4, 1)
    late = evaluate(p, {"t1": ["aside", "urgent"]})
    on_time = evaluate(p, {"t1": ["urgent", "aside"]})
    assert late.objective == 4 * 1800 + 4 * 600  # quarters of a second of driving
    assert on_time.objective == 4 * 3000
    assert p.drop_penalties()[1] == problem(
        [0, 20, 10, -5], [tech(end=1)], list(p.stops)
    ).drop_penalties()[1] * 4 - 3 * (9 * HOUR)  # the working day counts a quarter


@pytest.mark.parametrize("weight", [-1, float("nan"), float("inf")])
def test_a_bad_lateness_weight_is_rejected(weight: float) -> None:
    with pytest.raises(ValueError, match="lateness_weight"):
        _detour_or_lateness(weight)


@pytest.mark.parametrize(("weight", "resolved"), [(0.25, 0.25), (0.33, 21 / 64), (0.004, 0.0)])
def test_resolved_weight_is_the_nearest_fraction_of_at_most_64ths(
    weight: float, resolved: float
) -> None:
    assert _detour_or_lateness(weight).resolved_lateness_weight == resolved
