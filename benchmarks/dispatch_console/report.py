"""The BENCHMARKS.md section of the console benchmark."""

# This benchmark drives the server itself; the routing-purity ban on benchmarks/ is for
# the solver benchmarks.
from __future__ import annotations

import os
import platform
import statistics

from benchmarks.dispatch_console.console import LoadTiming
from benchmarks.dispatch_console.plans import PlanTiming


def ms_range(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ms ({min(values):.0f}-{max(values):.0f})"


def section(plans: list[PlanTiming], loads: list[LoadTiming], time_limit_s: float, n: int) -> str:
    cpu = platform.processor() or platform.machine()
    lines = [
        "## Dispatcher console",
        "",
        f"`python -m benchmarks.dispatch_console` — {platform.system()} {cpu}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite, plans in the "
        f"background-thread runner, solver time limit {time_limit_s:g} s.",
        "",
        "**Optimise → committed plan** (through the API: POST /plans, poll, commit):",
        "",
        "| data set | day planned | open orders | technicians | optimise → done | commit | "
        "**optimise → committed** | planned / unassigned | late stops | travel |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p in plans:
        o = p.objective
        lines.append(
            f"| {p.label} | {p.plan_date} | {p.orders} | {p.technicians} | {p.solve_s:.2f} s "
            f"| {p.commit_s * 1000:.0f} ms | **{p.total_s:.2f} s** | {p.planned} / {p.unassigned} "
            f"| {o.get('late_count', '—')} | {o.get('travel_min', 0):.0f} min |"
        )
    lines += [
        "",
        f"**Console load** in headless Chromium 1440x900 against gunicorn (2 workers), fresh "
        f"context each time, median (min-max) of {n} loads after one warm-up: navigation start "
        "→ `board-rendered` mark (map, routes, timeline, lists drawn, next frame).",
        "",
        "| data set | order markers | technician markers | route lines | GET /board | "
        "**navigation → board rendered** |",
        "|---|---|---|---|---|---|",
    ]
    for t in loads:
        lines.append(
            f"| {t.label} | {t.order_markers} | {t.tech_markers} | {t.routes} "
            f"| {ms_range(t.board_ms)} | **{ms_range(t.rendered_ms)}** |"
        )
    lines += [
        "",
        "Optimise → done is dominated by the solver's time limit (the search runs until it); the "
        "rest is building the problem from the database, the job hand-off and the 50 ms polling. "
        "The demo day is planned from the current time, so how many orders fit depends on the "
        "hour the benchmark runs; the generated day is planned for tomorrow with whole shifts.",
    ]
    return "\n".join(lines)
