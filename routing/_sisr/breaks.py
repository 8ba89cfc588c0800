"""Routes with a break, on the real clock: the break rule of :func:`routing.evaluate`.

Walking a route, the break is taken on arrival at the next stop when it fits into the
waiting time for free, or when serving that stop first would push the break past its
latest start; if the technician would only arrive after that latest start, the break is
taken before the drive instead. The same rule at the return to the end location. So a
plan this engine calls feasible is feasible for the evaluator, without folding the break
into the clock (:mod:`routing._breaks`, which OR-Tools needs and which is conservative).

An insertion is priced by walking the route from the insertion point until its schedule
(start and break) meets the old one again; on a field day that is a few stops.
"""

from __future__ import annotations

from .jit import inlined
from .model import INF, Model, Routes


@inlined
def arrive(
    m: Model, v: int, prev: int, u: int, leave: int, taken: int, ready: int, service: int
) -> tuple[int, int, bool]:
    """``(start, taken, ok)`` at node ``u`` after leaving ``prev`` at ``leave``.

    ``taken`` is the break's start, or ``-1`` while it is still to come; ``ok`` is
    ``False`` if the break could no longer start by its latest start.
    """
    drive = m.travel[prev, u] - m.service[prev]
    arrival = leave + drive
    start = max(arrival, ready)
    if taken >= 0:
        return start, taken, True
    latest, length = m.break_latest[v], m.break_duration[v]
    forced = start + service > latest
    here = max(arrival, m.break_earliest[v])
    if here <= latest and (forced or here + length <= start):
        return max(start, here + length), here, True
    if not forced:
        return start, taken, True
    before = max(leave, m.break_earliest[v])
    arrival = before + length + drive
    return max(arrival, ready), before, before <= latest


@inlined
def schedule_with_break(m: Model, r: Routes, v: int) -> bool:
    """:func:`routing._sisr.schedule.schedule` for a technician with a break."""
    n = r.size[v]
    leave = m.shift_start[v]
    prev = m.start_node[v]
    taken = -1
    cost = 0
    load = 0
    ok = True
    soft = 0
    for i in range(n):
        u = r.stops[v, i]
        r.break_in[v, i] = taken
        t, taken, fits = arrive(m, v, prev, u, leave, taken, m.earliest_start[u], m.service[u])
        ok = ok and fits and t <= m.latest_start[u]
        r.begin[v, i] = t
        r.latest[v, i] = INF  # not used on routes with a break
        cost += m.cost[prev, u] + m.visit_cost[u, v]
        if t > m.soft_at[u]:
            cost += m.soft_rate[u] * (t - m.soft_at[u])
        if m.soft_rate[u] > 0:
            soft += 1
        load += m.demand[u]
        leave = t + m.service[u]
        prev = u
    end = m.end_node[v]
    r.break_in[v, n] = taken
    cost += m.cost[prev, end]
    if n > 0:
        back, taken, fits = arrive(m, v, prev, end, leave, taken, 0, 0)
        ok = ok and fits and back <= m.shift_end[v]
    r.break_start[v] = taken
    for i in range(n + 1):
        r.soft_left[v, i] = soft  # an upper bound: pricing walks until the schedules meet
    r.load[v] = load
    r.cost[v] = cost
    return ok and load <= m.capacity[v] and n <= m.max_jobs[v]


@inlined
def insertion_with_break(m: Model, r: Routes, u: int, v: int, i: int, bound: int) -> int:
    """:func:`routing._sisr.schedule.insertion_cost` for a technician with a break."""
    n = r.size[v]
    if i == 0:
        prev, leave = m.start_node[v], m.shift_start[v]
    else:
        prev = r.stops[v, i - 1]
        leave = r.begin[v, i - 1] + m.service[prev]
    nxt = m.end_node[v] if i == n else r.stops[v, i]
    delta = m.cost[prev, u] + m.cost[u, nxt] - m.cost[prev, nxt] + m.visit_cost[u, v]
    if delta >= bound:
        return INF
    t, taken, fits = arrive(
        m, v, prev, u, leave, r.break_in[v, i], m.earliest_start[u], m.service[u]
    )
    if not fits or t > m.latest_start[u]:
        return INF
    if t > m.soft_at[u]:
        delta += m.soft_rate[u] * (t - m.soft_at[u])
    leave, prev = t + m.service[u], u
    for j in range(i, n):
        w = r.stops[v, j]
        t, taken, fits = arrive(m, v, prev, w, leave, taken, m.earliest_start[w], m.service[w])
        if not fits or t > m.latest_start[w]:
            return INF
        old = r.begin[v, j]
        if m.soft_rate[w] > 0:
            delta += m.soft_rate[w] * (max(t, m.soft_at[w]) - max(old, m.soft_at[w]))
        if t == old and taken == r.break_in[v, j + 1]:
            return delta if delta < bound else INF  # the rest of the route is unchanged
        leave, prev = t + m.service[w], w
    back, taken, fits = arrive(m, v, prev, m.end_node[v], leave, taken, 0, 0)
    if not fits or back > m.shift_end[v] or delta >= bound:
        return INF
    return delta
