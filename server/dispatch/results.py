"""Turn a routing plan into the stored, API-shaped result."""

from __future__ import annotations

from typing import Any

import routing
from server.dispatch.problem import DayProblem
from server.orders.kinds import LEAK_KINDS


def _minutes(seconds: int) -> float:
    return round(seconds / 60, 1)


def routes_of(day: DayProblem, plan: routing.Plan) -> list[dict[str, Any]]:
    routes = []
    for route in plan.routes:
        stops = [
            {
                "order_id": int(visit.stop_id),
                "number": day.orders[visit.stop_id].number,
                "eta": day.moment(visit.arrival).isoformat(),
                "start": day.moment(visit.start).isoformat(),
                "end": day.moment(visit.end).isoformat(),
                "waiting_min": _minutes(visit.waiting),
                "late_min": _minutes(visit.lateness),
            }
            for visit in route.visits
        ]
        routes.append(
            {
                "technician_id": int(route.technician_id),
                "stops": stops,
                "travel_min": _minutes(route.travel_s),
            }
        )
    return routes


def unassigned_of(day: DayProblem, plan: routing.Plan) -> list[dict[str, Any]]:
    return [
        {"order_id": int(u.stop_id), "number": day.orders[u.stop_id].number, "reason": u.reason}
        for u in plan.unassigned
    ]


def objective_of(day: DayProblem, plan: routing.Plan) -> dict[str, Any]:
    """Totals of the plan; ``cost`` in seconds of driving, under the weight the search used."""
    problem = day.problem
    return {
        "travel_min": _minutes(plan.travel_s),
        "lateness_min": _minutes(plan.lateness_s),
        "late_count": plan.late_count,
        "unassigned_count": plan.unassigned_count,
        "cost": plan.objective / problem.cost_scale,
        "lateness_weight": problem.resolved_lateness_weight,
        **_leak_repairs(day, plan),
    }


def _leak_repairs(day: DayProblem, plan: routing.Plan) -> dict[str, Any]:
    """The review's repair-timeliness figures, by the timeliness report's rule: a leak repair
    is on time when it ends by its ``due_at`` (a grade-1 leak's one-hour response is not its
    repair deadline).

    ``leak_repairs`` and ``leak_repairs_late``: the repairs the plan serves and those of
    them that end late. ``leak_repairs_left_late``: the repairs it leaves for the next
    working day that will be late by then (:attr:`routing.Problem.late_if_left`), so a
    plan cannot look punctual by leaving its hardest repairs out. ``late_if_left``: the
    ids of the day's repairs, served or not, that would be late if left (the review counts
    those the pool holds now). ``next_start``: when that next working day begins, or
    ``None`` when no technician is active.
    """
    served = [(day.orders[v.stop_id], v) for r in plan.routes for v in r.visits]
    ends = [
        (day.moment(v.end), o.due_at)
        for o, v in served
        if o.kind in LEAK_KINDS and o.due_at is not None
    ]
    problem = day.problem
    next_start = problem.next_start
    return {
        "leak_repairs": len(ends),
        "leak_repairs_late": sum(end > due for end, due in ends),
        "leak_repairs_left_late": len(problem.left_late(u.stop_id for u in plan.unassigned)),
        "late_if_left": [int(i) for i in problem.left_late(s.id for s in problem.stops)],
        "next_start": None if next_start is None else day.moment(next_start).isoformat(),
    }


def as_mapping(routes: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Stored routes back into ``{technician_id: [stop_id, ...]}`` for re-planning."""
    return {str(r["technician_id"]): [str(s["order_id"]) for s in r["stops"]] for r in routes}
