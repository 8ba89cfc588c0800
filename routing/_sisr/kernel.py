"""The compiled SISR iteration: ruin strings near a random stop, re-insert, accept or undo.

Slack Induction by String Removals (Christiaens & Vanden Berghe, Transportation Science
54(2), 2020): each step removes a few strings of consecutive stops from routes near a
random seed stop, re-inserts the removed (and some nearby unassigned) stops one by one at
their cheapest position, skipping each position with a small "blink" probability, and
keeps the result by simulated annealing. Routes touched by a rejected step are restored
from a backup, so a step costs time in proportion to what it changed.
"""

from __future__ import annotations

import numpy as np

from .breaks import insertion_with_break
from .jit import compiled, inlined
from .model import Knobs, Model, Routes, Scratch
from .schedule import (
    copy_all,
    copy_route,
    insertion_cost,
    place_route,
    schedule,
    total_cost,
)


@compiled
def seed_random(seed: int) -> None:
    """Seed the kernel's random generator (Numba's own, separate from NumPy's)."""
    np.random.seed(seed)


@inlined
def _touch(r: Routes, backup: Routes, w: Scratch, v: int) -> None:
    """Back up vehicle ``v``'s route before its first change in this step."""
    if not w.touched[v]:
        copy_route(r, backup, v)
        w.touched[v] = True


@inlined
def _reschedule(m: Model, r: Routes, w: Scratch, v: int) -> None:
    """Schedule vehicle ``v`` after a change and note whether it now breaks a hard limit.

    Removing a stop can break a route when travel times violate the triangle
    inequality (a direct leg slower than a detour); such a step is then undone.
    """
    w.broken[v] = not schedule(m, r, v)
    place_route(r, v)


@inlined
def _any_broken(w: Scratch) -> bool:
    """Whether a route touched in this step ended up breaking a hard limit."""
    for v in range(w.touched.shape[0]):  # noqa: SIM110 (Numba compiles loops, not any(genexpr))
        if w.touched[v] and w.broken[v]:
            return True
    return False


@inlined
def _remove_string(m: Model, r: Routes, w: Scratch, v: int, c: int, length: int, na: int) -> int:
    """Remove a string of ``length`` stops containing ``c`` from vehicle ``v`` (SISR).

    With probability one half a "split string": a run of kept stops inside a longer
    removed string. Frozen stops at the start of the route never move. Returns the new
    number of absent stops.
    """
    n = r.size[v]
    first_free = m.frozen[v]
    free = n - first_free
    keep = 0
    if np.random.random() < 0.5 and length < free:
        keep = 1
        while keep < free - length and np.random.random() > 0.01:
            keep += 1
    span = length + keep
    lo = max(first_free, r.position[c] - span + 1)
    hi = min(r.position[c], n - span)
    if hi < lo:
        lo = max(first_free, n - span)
        hi = lo
    s = np.random.randint(lo, hi + 1)
    kept_from = s + np.random.randint(0, length + 1) if keep else -1
    stamp = w.totals[2]
    size = 0
    for i in range(n):
        u = r.stops[v, i]
        removed = s <= i < s + span and not (keep and kept_from <= i < kept_from + keep)
        if removed:
            r.vehicle[u] = -1
            w.mark[u] = stamp
            w.absent[na] = u
            na += 1
        else:
            r.stops[v, size] = u
            size += 1
    r.size[v] = size
    _reschedule(m, r, w, v)
    return na


@compiled
def ruin(m: Model, r: Routes, backup: Routes, w: Scratch, k: Knobs) -> int:
    """Remove strings from routes near a random routed stop; return the number absent.

    Unassigned stops met on the way (nearer to the seed than the last string) join the
    absent stops with probability ``near_unassigned``.
    """
    na = 0
    served = 0
    routes = 0
    for v in range(r.size.shape[0]):
        served += r.size[v] - m.frozen[v]
        if r.size[v] > 0:
            routes += 1
    if served <= 0:
        return na
    cardinality = max(1.0, (served + 0.0) / max(routes, 1))
    string_max = min(k.max_string, cardinality)
    strings_max = 4.0 * k.removed / (1.0 + string_max) - 1.0
    strings = int(np.floor(np.random.uniform(1.0, strings_max + 1.0)))
    seed = _random_routed(m, r)
    stamp = w.totals[2]
    ruined = 0
    for j in range(m.neighbours.shape[1]):
        if ruined >= strings:
            break
        c = m.neighbours[seed, j]
        v = r.vehicle[c]
        if v < 0:
            if w.mark[c] != stamp and np.random.random() < k.near_unassigned:
                w.mark[c] = stamp
                w.absent[na] = c
                na += 1
            continue
        if w.touched[v] or r.position[c] < m.frozen[v]:
            continue
        _touch(r, backup, w, v)
        ruined += 1
        longest = min(float(r.size[v] - m.frozen[v]), string_max)
        length = int(np.floor(np.random.uniform(1.0, longest + 1.0)))
        na = _remove_string(m, r, w, v, c, length, na)
    return na


@inlined
def _random_routed(m: Model, r: Routes) -> int:
    """A stop drawn uniformly among the routed stops that may move."""
    count = 0
    for v in range(r.size.shape[0]):
        count += max(0, r.size[v] - m.frozen[v])
    pick = np.random.randint(count)
    for v in range(r.size.shape[0]):
        free = max(0, r.size[v] - m.frozen[v])
        if pick < free:
            return int(r.stops[v, m.frozen[v] + pick])
        pick -= free
    return -1


@inlined
def _sort_absent(m: Model, w: Scratch, na: int) -> None:
    """Order the absent stops: random, largest demand, farthest or closest first (SISR)."""
    mode = np.random.randint(11)
    for i in range(na):
        u = w.absent[i]
        noise = np.random.random()
        if mode < 4:
            w.keys[i] = noise
        elif mode < 8:
            w.keys[i] = -m.demand[u] + noise * 1e-3
        elif mode < 10:
            w.keys[i] = -m.remoteness[u] + noise * 1e-3
        else:
            w.keys[i] = m.remoteness[u] + noise * 1e-3
        w.order[i] = i
    for i in range(1, na):
        x = w.order[i]
        j = i - 1
        while j >= 0 and w.keys[w.order[j]] > w.keys[x]:
            w.order[j + 1] = w.order[j]
            j -= 1
        w.order[j + 1] = x


@inlined
def _best_position(m: Model, r: Routes, w: Scratch, u: int, blink: float) -> tuple[int, int]:
    """Cheapest ``(vehicle, position)`` for ``u`` if cheaper than its penalty, else ``(-1, -1)``.

    Of several empty vehicles of one class only the first is tried.
    """
    best = m.penalty[u]
    bv = -1
    bi = -1
    w.totals[2] += 1
    stamp = w.totals[2]
    for v in range(r.size.shape[0]):
        n = r.size[v]
        if not m.allowed[u, v] or n >= m.max_jobs[v] or r.load[v] + m.demand[u] > m.capacity[v]:
            continue
        if n == 0:
            cls = m.vehicle_class[v]
            if w.class_mark[cls] == stamp:
                continue
            w.class_mark[cls] = stamp
        if m.break_duration[v] > 0:
            best, bv, bi = _best_on_route_with_break(m, r, u, v, blink, best, bv, bi)
            continue
        for i in range(m.frozen[v], n + 1):
            if blink > 0.0 and np.random.random() < blink:
                continue
            d = insertion_cost(m, r, u, v, i, best)
            if d < best:
                best = d
                bv = v
                bi = i
    return bv, bi


@inlined
def _best_on_route_with_break(
    m: Model, r: Routes, u: int, v: int, blink: float, best: int, bv: int, bi: int
) -> tuple[int, int, int]:
    """The cheapest position on vehicle ``v``'s route (it has a break), if below ``best``."""
    for i in range(m.frozen[v], r.size[v] + 1):
        if blink > 0.0 and np.random.random() < blink:
            continue
        d = insertion_with_break(m, r, u, v, i, best)
        if d < best:
            best = d
            bv = v
            bi = i
    return best, bv, bi


@compiled
def recreate(m: Model, r: Routes, backup: Routes, w: Scratch, na: int, blink: float) -> None:
    """Insert the absent stops greedily in SISR order, each at its cheapest position."""
    _sort_absent(m, w, na)
    for j in range(na):
        u = w.absent[w.order[j]]
        v, i = _best_position(m, r, w, u, blink)
        if v < 0:
            continue
        _touch(r, backup, w, v)
        n = r.size[v]
        for q in range(n, i, -1):
            r.stops[v, q] = r.stops[v, q - 1]
        r.stops[v, i] = u
        r.size[v] = n + 1
        _reschedule(m, r, w, v)


@compiled
def _undo(r: Routes, backup: Routes, w: Scratch, na: int) -> None:
    """Restore the routes this step touched and unassign what it had inserted."""
    for j in range(na):
        r.vehicle[w.absent[j]] = -1
    for v in range(w.touched.shape[0]):
        if w.touched[v]:
            copy_route(backup, r, v)
            place_route(r, v)


@compiled
def iterate(
    m: Model,
    r: Routes,
    backup: Routes,
    best: Routes,
    w: Scratch,
    k: Knobs,
    steps: int,
    first_step: int,
    total_steps: float,
    hot: float,
    cold: float,
) -> int:
    """Run ``steps`` SISR steps, numbered from ``first_step`` out of ``total_steps``.

    Step ``i`` accepts at temperature ``hot * (cold / hot) ** (i / total_steps)``, so the
    schedule depends on the step's number only, not on how the steps are batched.
    ``w.totals`` carries the current and best cost between calls; ``best`` is updated
    whenever a step beats it. Returns the number of accepted steps.
    """
    accepted = 0
    ratio = cold / hot
    for step in range(first_step, first_step + steps):
        w.totals[2] += 1
        for v in range(w.touched.shape[0]):
            w.touched[v] = False
        na = ruin(m, r, backup, w, k)
        recreate(m, r, backup, w, na, k.blink)
        cost = total_cost(m, r)
        temperature = hot * ratio ** (min(step / total_steps, 1.0))
        threshold = w.totals[0] - temperature * np.log(1.0 - np.random.random())
        if cost < threshold and not _any_broken(w):
            w.totals[0] = cost
            accepted += 1
            if cost < w.totals[1]:
                w.totals[1] = cost
                copy_all(r, best)
        else:
            _undo(r, backup, w, na)
    return accepted


@compiled
def start(m: Model, r: Routes, backup: Routes, best: Routes, w: Scratch) -> bool:
    """Schedule the starting routes, insert what they leave out, set the totals.

    A starting route that breaks a hard limit on the real clock (a re-plan's previous
    routes after a change, or OR-Tools placing a break interval differently from the
    evaluator's rule) loses stops from its end until it fits; they are inserted again
    with the rest. Returns ``False`` if even its frozen start breaks a limit; the caller
    then keeps the routes it has.
    """
    for v in range(r.size.shape[0]):
        while not schedule(m, r, v):
            if r.size[v] <= m.frozen[v]:
                return False
            r.size[v] -= 1
            r.vehicle[r.stops[v, r.size[v]]] = -1
    na = 0
    for u in range(r.vehicle.shape[0]):
        if r.vehicle[u] < 0:
            w.absent[na] = u
            na += 1
    w.totals[2] += 1
    for v in range(w.touched.shape[0]):
        w.touched[v] = False
    recreate(m, r, backup, w, na, 0.0)
    if _any_broken(w):
        _undo(r, backup, w, na)
    cost = total_cost(m, r)
    w.totals[0] = cost
    w.totals[1] = cost
    copy_all(r, best)
    return True
