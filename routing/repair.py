"""Force critical, pinned and started stops into routes when the search left them out.

Local search rarely finds the swap that brings back a stop once routes are full, so the
lexicographic rule (a grade-1 gas leak is never dropped while a technician with the skill
exists) is enforced here: cheapest feasible insertion, else insertion that pre-empts the
cheapest ordinary job on one route.
"""

from __future__ import annotations

from collections.abc import Mapping

from .evaluate import route_cost
from .problem import Problem
from .reasons import eligibility


def _must_serve(problem: Problem, si: int) -> bool:
    s = problem.stops[si]
    return s.critical or s.pinned_technician is not None


def _best_insertion(
    problem: Problem, ti: int, ids: list[str], sid: str, base: int
) -> tuple[int, list[str]] | None:
    best: tuple[int, list[str]] | None = None
    for k in range(len(ids) + 1):
        candidate = [*ids[:k], sid, *ids[k:]]
        cost = route_cost(problem, ti, candidate)
        if cost is not None and (best is None or cost - base < best[0]):
            best = (cost - base, candidate)
    return best


def _with_preemption(
    problem: Problem, ti: int, ids: list[str], sid: str, base: int
) -> tuple[int, list[str]] | None:
    index = problem.stop_index()
    penalties = problem.drop_penalties()
    best: tuple[int, list[str]] | None = None
    for j, victim in enumerate(ids):
        if _must_serve(problem, index[victim]):
            continue
        rest = ids[:j] + ids[j + 1 :]
        found = _best_insertion(problem, ti, rest, sid, base)
        if found is not None:
            cost = found[0] + int(penalties[index[victim]])
            if best is None or cost < best[0]:
                best = (cost, found[1])
    return best


def force_insert(problem: Problem, routes: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Return ``routes`` with every servable critical or pinned stop inserted.

    A stop is servable when some active technician could serve it alone (see
    :func:`~routing.reasons.eligibility`). Stops that cannot be placed stay out.
    """
    out = {tid: list(ids) for tid, ids in routes.items()}
    planned = {sid for ids in out.values() for sid in ids}
    eligible, _ = eligibility(problem)
    order = sorted(
        (
            si
            for si, s in enumerate(problem.stops)
            if s.id not in planned and _must_serve(problem, si)
        ),
        key=lambda si: -problem.stops[si].lateness_rate,
    )
    for si in order:
        sid = problem.stops[si].id
        options = []
        for ti in eligible[si]:
            tid = problem.technicians[ti].id
            ids = out.setdefault(tid, [])
            base = route_cost(problem, ti, ids)
            if base is None:
                continue
            found = _best_insertion(problem, ti, ids, sid, base)
            found = found or _with_preemption(problem, ti, ids, sid, base)
            if found is not None:
                options.append((found[0], tid, found[1]))
        if options:
            _, tid, ids = min(options)
            out[tid] = ids
    return out
