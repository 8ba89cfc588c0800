"""replan() keeps started and pinned work and moves few jobs (300-stop scenario)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from benchmarks.dispatch.scenario import emergency, generate
from routing import Plan, Problem, Stop, replan, solve


@pytest.fixture(scope="module")
def day() -> tuple[Problem, Plan]:
    problem = generate(seed=5).problem()
    # A settled plan: the lateness phase of a 300-stop day needs a few seconds, and a plan
    # cut short leaves lateness that a re-plan rightly buys back by moving jobs.
    return problem, solve(problem, time_limit_s=5.0, seed=0)


def _moved(before: Plan, after: Plan) -> int:
    old, new = before.assignment(), after.assignment()
    return sum(1 for sid, tid in old.items() if sid in new and new[sid] != tid)


def _with(problem: Problem, stops: list[Stop], **kw: object) -> Problem:
    return Problem(
        kw.get("technicians", problem.technicians),  # type: ignore[arg-type]
        stops,
        travel=problem.travel,
    )


def test_emergency_is_inserted_and_little_else_moves(day: tuple[Problem, Plan]) -> None:
    problem, plan = day
    leak = emergency(seed=5)
    changed = _with(problem, [*problem.stops, leak])
    new = replan(plan, changed, time_limit_s=2.0)
    assert leak.id in new.assignment()
    tech = next(t for t in changed.technicians if t.id == new.assignment()[leak.id])
    assert "gas" in tech.skills
    assert new.feasible
    assert _moved(plan, new) <= 0.1 * len(plan.assignment())


def test_technician_off_sick(day: tuple[Problem, Plan]) -> None:
    problem, plan = day
    sick = problem.technicians[0]
    techs = [replace(sick, active=False), *problem.technicians[1:]]
    new = replan(plan, _with(problem, list(problem.stops), technicians=techs), time_limit_s=2.0)
    assert new.route_of(sick.id).visits == ()
    orphans = set(plan.route_of(sick.id).stop_ids)
    others = {s: t for s, t in plan.assignment().items() if s not in orphans}
    kept = sum(1 for s, t in others.items() if new.assignment().get(s) == t)
    assert kept >= 0.85 * len(others)
    assert new.feasible


def test_started_and_pinned_work_is_kept(day: tuple[Problem, Plan]) -> None:
    problem, plan = day
    busy = [r for r in plan.routes if len(r.visits) >= 3][:2]
    started_id = busy[0].stop_ids[1]
    pinned_id = busy[1].stop_ids[2]
    stops = []
    for s in problem.stops:
        if s.id == started_id:
            s = replace(s, pinned_technician=busy[0].technician_id, started=True)
        elif s.id == pinned_id:
            s = replace(s, pinned_technician=busy[1].technician_id, pinned_position=0)
        stops.append(s)
    new = replan(plan, _with(problem, stops), time_limit_s=2.0, seed=1)
    assert new.route_of(busy[0].technician_id).stop_ids[0] == started_id
    assert new.route_of(busy[1].technician_id).stop_ids[0] == pinned_id
    assert new.feasible
    assert _moved(plan, new) <= 0.1 * len(plan.assignment())


def test_replan_accepts_plain_routes(day: tuple[Problem, Plan]) -> None:
    problem, plan = day
    new = replan(plan.as_routes(), problem, time_limit_s=1.0)
    assert new.feasible
    assert new.objective <= plan.objective  # starts from the old routes, never worse
    assert _moved(plan, new) <= 0.05 * len(plan.assignment())
