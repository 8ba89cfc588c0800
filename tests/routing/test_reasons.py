"""Every unassigned stop carries a reason a dispatcher understands."""

from __future__ import annotations

from routing import Stop, Technician, Window, solve
from tests.routing.helpers import HOUR, problem, tech

XS = [0, 1, 150]  # location 2 is 150 x 60 s = 2.5 h away


def _reasons(techs: list[Technician], stops: list[Stop]) -> dict[str, str]:
    return solve(problem(XS, techs, stops), time_limit_s=0.1).reasons()


def test_missing_skill() -> None:
    reasons = _reasons([tech(skills=frozenset({"water"}))], [Stop("leak", 1, skill="gas")])
    assert reasons == {"leak": "no active technician has skill `gas`"}


def test_skill_only_held_by_someone_off_sick() -> None:
    techs = [tech("w", skills=frozenset({"water"})), tech("g", active=False)]
    assert _reasons(techs, [Stop("leak", 1, skill="gas")]) == {
        "leak": "no active technician has skill `gas`"
    }


def test_window_outside_every_shift() -> None:
    stop = Stop("install", 1, window=Window(18 * HOUR, 19 * HOUR))
    assert _reasons([tech()], [stop]) == {"install": "appointment window outside every shift"}


def test_cannot_reach_before_the_window_closes() -> None:
    stop = Stop("install", 2, window=Window(8 * HOUR, 9 * HOUR))
    assert _reasons([tech()], [stop]) == {"install": "cannot reach before the hard window closes"}


def test_hard_deadline_out_of_reach() -> None:
    stop = Stop("leak", 2, deadline=9 * HOUR, hard_deadline=True)
    assert _reasons([tech()], [stop]) == {"leak": "cannot be finished before its hard deadline"}


def test_pinned_to_someone_off_sick() -> None:
    stop = Stop("job", 1, pinned_technician="t2")
    assert _reasons([tech(), tech("t2", active=False)], [stop]) == {
        "job": "pinned technician 't2' is not active"
    }


def test_day_too_short_to_go_and_come_back() -> None:
    t = tech(shift_end=8 * HOUR + 4 * HOUR)
    stop = Stop("far", 2, service_s=HOUR)
    assert _reasons([t], [stop]) == {
        "far": "cannot be done and the technician back before the shift ends"
    }


def test_competition_for_time_is_explained() -> None:
    t = tech(shift_end=9 * HOUR)
    stops = [
        Stop("a", 1, service_s=2400, window=Window(8 * HOUR, 9 * HOUR)),
        Stop("b", 1, service_s=2400, window=Window(8 * HOUR, 9 * HOUR)),
    ]
    reasons = _reasons([t], stops)
    assert list(reasons.values()) == [
        "no time left within its appointment window on any technician available"
    ]


def test_shift_with_no_time_left() -> None:
    over = tech("late", shift_start=17 * HOUR, shift_end=17 * HOUR)
    assert _reasons([over], [Stop("leak", 1)]) == {
        "leak": "no technician who could do it has time left in their shift"
    }


def test_a_shift_that_is_over_does_not_stop_the_others() -> None:
    """Out in the field when the shift ended (start away from home): left out of the plan,
    while the stops still go to whoever has time, in the order a search finds."""
    over = tech("over", start=2, end=0, shift_start=17 * HOUR, shift_end=17 * HOUR)
    on = tech("on", start=0, end=2, shift_start=8 * HOUR, shift_end=17 * HOUR)
    stops = [Stop("far", 2, service_s=600), Stop("near", 1, service_s=600)]
    plan = solve(problem(XS, [over, on], stops), time_limit_s=0.5)
    assert plan.as_routes()["on"] == ["near", "far"]
    assert plan.as_routes().get("over", []) == []
    assert plan.feasible


def test_a_job_pinned_to_someone_whose_shift_is_over() -> None:
    over = tech("over", shift_start=17 * HOUR, shift_end=17 * HOUR)
    stop = Stop("leak", 1, pinned_technician="over")
    assert _reasons([over, tech("on")], [stop]) == {
        "leak": "pinned technician 'over' has no time left in their shift"
    }


def test_lateness_already_sunk_is_counted_from_who_can_still_work() -> None:
    """A finished shift's start (here 9:00, before now) must not make lateness look
    avoidable: the earliest finish is the technician still on shift's."""
    over = tech("over", start=1, shift_start=9 * HOUR, shift_end=9 * HOUR)
    on = tech("on", start=0, shift_start=10 * HOUR, shift_end=17 * HOUR)
    stop = Stop("leak", 1, service_s=600, deadline=9 * HOUR)
    origin = problem(XS, [over, on], [stop]).lateness_origin
    assert list(origin) == [10 * HOUR + 60 + 600]
