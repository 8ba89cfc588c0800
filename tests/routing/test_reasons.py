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
