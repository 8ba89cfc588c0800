"""Which technicians could serve each stop, and why a stop cannot be planned.

The checks here look at one stop and one technician at a time (skill, pin, shift, window,
reach, deadline, load), so they are exact about impossibility but say nothing about
competition between stops; :func:`explain_dropped` covers stops the solver left out.
"""

from __future__ import annotations

from .model import Stop, Technician
from .problem import Problem


def _fit(problem: Problem, ti: int, si: int) -> str | None:
    """Why technician ``ti`` can never serve stop ``si`` on its own, or ``None``."""
    tech, stop = problem.technicians[ti], problem.stops[si]
    if stop.pinned_technician is not None and stop.pinned_technician != tech.id:
        return f"pinned to technician {stop.pinned_technician!r}"
    if not tech.active:
        return "technician not active"
    if stop.skill is not None and stop.skill not in tech.skills:
        return "skill"
    if not tech.available:  # active, so the shift has no time left
        return "shift-over"
    if tech.max_jobs == 0:
        return "max_jobs"
    if tech.capacity is not None and stop.demand > tech.capacity:
        return "load"
    loc = problem.stop_loc[si]
    there = int(problem.durations[problem.start_loc[ti], loc])
    back = int(problem.durations[loc, problem.end_loc[ti]])
    latest_start = tech.shift_end - stop.service_s - back
    earliest = tech.shift_start + there
    if stop.window is not None:
        if (
            stop.window.end < tech.shift_start
            or stop.window.start > tech.shift_end - stop.service_s
        ):
            return "window-shift"
        if earliest > stop.window.end:
            return "reach"
        earliest = max(earliest, stop.window.start)
        latest_start = min(latest_start, stop.window.end)
    if (
        stop.hard_deadline
        and stop.deadline is not None
        and earliest + stop.service_s > stop.deadline
    ):
        return "deadline"
    if earliest > latest_start:
        return "shift"
    return None


_MESSAGES = {
    "shift-over": "no technician who could do it has time left in their shift",
    "window-shift": "appointment window outside every shift",
    "reach": "cannot reach before the hard window closes",
    "deadline": "cannot be finished before its hard deadline",
    "shift": "cannot be done and the technician back before the shift ends",
    "load": "load exceeds every technician's capacity",
    "max_jobs": "every eligible technician has max_jobs 0",
}


def _message(stop: Stop, why: list[str], techs: list[Technician]) -> str:
    if stop.pinned_technician is not None and "technician not active" in why:
        return f"pinned technician {stop.pinned_technician!r} is not active"
    if stop.pinned_technician is not None and "shift-over" in why:
        return f"pinned technician {stop.pinned_technician!r} has no time left in their shift"
    if all(w in ("skill", "technician not active") for w in why):
        skill = f"skill `{stop.skill}`" if stop.skill else "any skill"
        active = any(t.active for t in techs)
        return f"no active technician has {skill}" if active else "no active technician"
    kinds = [w for w in why if w in _MESSAGES]
    for kind in _MESSAGES:  # most specific first
        if kinds and all(k == kind for k in kinds):
            return _MESSAGES[kind]
    return "no technician can fit it: " + "; ".join(sorted({_MESSAGES[k] for k in kinds}))


def eligibility(problem: Problem) -> tuple[list[list[int]], dict[int, str]]:
    """Return, per stop, the technicians that could serve it, and reasons for the rest.

    Returns
    -------
    eligible
        ``eligible[i]`` lists technician indices able to serve stop ``i`` on their own.
    reasons
        ``{stop index: reason}`` for stops no technician can serve.
    """
    eligible: list[list[int]] = []
    reasons: dict[int, str] = {}
    techs = list(problem.technicians)
    for si, stop in enumerate(problem.stops):
        why = [_fit(problem, ti, si) for ti in range(len(techs))]
        ok = [ti for ti, w in enumerate(why) if w is None]
        eligible.append(ok)
        if not ok:
            reasons[si] = _message(stop, [w for w in why if w is not None], techs)
    return eligible, reasons


def infeasible_reasons(problem: Problem) -> dict[int, str]:
    """``{stop index: reason}`` for stops that no technician can serve at all."""
    return eligibility(problem)[1]


def explain_dropped(problem: Problem, si: int) -> str:
    """Reason for a stop that could be served alone but was left out of the plan."""
    stop = problem.stops[si]
    who = f"with skill `{stop.skill}`" if stop.skill else "available"
    if stop.window is not None:
        return f"no time left within its appointment window on any technician {who}"
    return f"not enough time left in the shifts of technicians {who}"
