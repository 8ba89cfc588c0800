"""Compiled route primitives: schedule a route, price an insertion, save and restore routes.

Routes of technicians with a break are scheduled and priced by :mod:`routing._sisr.breaks`
(the break rule of :func:`routing.evaluate`); the rest here. See :mod:`routing._sisr.jit`
for how the functions are compiled.
"""

from __future__ import annotations

from .breaks import schedule_with_break
from .jit import compiled, inlined
from .model import INF, Model, Routes


@inlined
def schedule(m: Model, r: Routes, v: int) -> bool:
    """Recompute vehicle ``v``'s times, load and cost; ``False`` if a hard limit breaks.

    Service starts as early as the windows allow (only upper bounds are soft, so the
    earliest schedule is also the cheapest). ``latest`` is filled backwards.
    """
    if m.break_duration[v] > 0:
        return schedule_with_break(m, r, v)
    n = r.size[v]
    t = m.shift_start[v]
    prev = m.start_node[v]
    cost = 0
    load = 0
    ok = True
    for i in range(n):
        u = r.stops[v, i]
        t = max(t + m.travel[prev, u], m.earliest_start[u])
        if t > m.latest_start[u]:
            ok = False
        r.begin[v, i] = t
        cost += m.cost[prev, u] + m.visit_cost[u, v]
        if t > m.soft_at[u]:
            cost += m.soft_rate[u] * (t - m.soft_at[u])
        load += m.demand[u]
        prev = u
    end = m.end_node[v]
    cost += m.cost[prev, end]
    if t + m.travel[prev, end] > m.shift_end[v] or load > m.capacity[v] or n > m.max_jobs[v]:
        ok = False
    latest = m.shift_end[v]
    nxt = end
    soft = 0
    r.soft_left[v, n] = 0
    for i in range(n - 1, -1, -1):
        u = r.stops[v, i]
        latest = min(m.latest_start[u], latest - m.travel[u, nxt])
        r.latest[v, i] = latest
        if m.soft_rate[u] > 0:
            soft += 1
        r.soft_left[v, i] = soft
        nxt = u
    r.load[v] = load
    r.cost[v] = cost
    return ok


@inlined
def insertion_cost(m: Model, r: Routes, u: int, v: int, i: int, bound: int) -> int:
    """Extra cost of serving ``u`` at position ``i`` of vehicle ``v``; ``INF`` if infeasible.

    For a vehicle without a break (see :func:`routing._sisr.breaks.insertion_with_break`).
    Also ``INF`` as soon as the cost reaches ``bound`` (the best insertion so far). The
    arc change is O(1); a later start pushes the following stops back until waiting
    absorbs it, and that push is priced only if a soft deadline lies ahead.
    """
    n = r.size[v]
    if i == 0:
        a = m.start_node[v]
        ta = m.shift_start[v]
    else:
        a = r.stops[v, i - 1]
        ta = r.begin[v, i - 1]
    b = m.end_node[v] if i == n else r.stops[v, i]
    delta = m.cost[a, u] + m.cost[u, b] - m.cost[a, b] + m.visit_cost[u, v]
    if delta >= bound:
        return INF
    tu = max(ta + m.travel[a, u], m.earliest_start[u])
    if tu > m.latest_start[u]:
        return INF
    tb = tu + m.travel[u, b]
    if i == n:
        if tb > m.shift_end[v]:
            return INF
    else:
        tb = max(tb, m.earliest_start[b])
        if tb > r.latest[v, i]:
            return INF
    if tu > m.soft_at[u]:
        delta += m.soft_rate[u] * (tu - m.soft_at[u])
    if i < n and r.soft_left[v, i] > 0:
        delta = _pushed_lateness(m, r, v, i, tb, delta, bound)
    return INF if delta >= bound else delta


@inlined
def _pushed_lateness(m: Model, r: Routes, v: int, i: int, t: int, delta: int, bound: int) -> int:
    """``delta`` plus the lateness added by starting position ``i`` at ``t`` (and on)."""
    n = r.size[v]
    j = i
    while j < n:
        w = r.stops[v, j]
        if j > i:
            t = max(t + m.travel[r.stops[v, j - 1], w], m.earliest_start[w])
        old = r.begin[v, j]
        if t == old:
            break
        if m.soft_rate[w] > 0:
            delta += m.soft_rate[w] * (max(t, m.soft_at[w]) - max(old, m.soft_at[w]))
            if delta >= bound:  # exact pruning while times obey the triangle inequality
                return INF
        j += 1
    return delta


@inlined
def total_cost(m: Model, r: Routes) -> int:
    """Route costs plus the penalties of unassigned stops."""
    total = 0
    for v in range(r.size.shape[0]):
        total += r.cost[v]
    for u in range(r.vehicle.shape[0]):
        if r.vehicle[u] < 0:
            total += m.penalty[u]
    return total


@inlined
def copy_route(src: Routes, dst: Routes, v: int) -> None:
    """Copy vehicle ``v``'s route and schedule from ``src`` to ``dst``."""
    n = src.size[v]
    for i in range(n):
        dst.stops[v, i] = src.stops[v, i]
        dst.begin[v, i] = src.begin[v, i]
        dst.latest[v, i] = src.latest[v, i]
        dst.soft_left[v, i] = src.soft_left[v, i]
        dst.break_in[v, i] = src.break_in[v, i]
    dst.soft_left[v, n] = src.soft_left[v, n]
    dst.break_in[v, n] = src.break_in[v, n]
    dst.break_start[v] = src.break_start[v]
    dst.size[v] = n
    dst.load[v] = src.load[v]
    dst.cost[v] = src.cost[v]


@inlined
def place_route(r: Routes, v: int) -> None:
    """Point ``vehicle``/``position`` of the stops on vehicle ``v``'s route at it."""
    for i in range(r.size[v]):
        u = r.stops[v, i]
        r.vehicle[u] = v
        r.position[u] = i


@compiled
def copy_all(src: Routes, dst: Routes) -> None:
    """Copy the whole solution."""
    for v in range(src.size.shape[0]):
        copy_route(src, dst, v)
    for u in range(src.vehicle.shape[0]):
        dst.vehicle[u] = src.vehicle[u]
        dst.position[u] = src.position[u]
