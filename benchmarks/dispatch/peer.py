"""pyvroom, the peer of the field-dispatch tables, on the project's generated days.

pyvroom gets the same travel-time matrix, skills, shifts, breaks, appointment windows and
job limits; it has no soft deadlines, so deadlines reach it only through job priorities
(critical leaks 100, others proportional to priority x customer weight), or, in its
second set-up, also as hard time windows: a job whose deadline can still be met must
start by its deadline less its service, so it is on time or left for tomorrow.
"""

from __future__ import annotations

import argparse
import datetime
import time

from routing import Problem, Window, evaluate

from .rows import Row, row_of

#: The label of pyvroom's rows.
PYVROOM = "pyvroom"
#: The label of pyvroom's rows given the deadlines as hard time windows.
PYVROOM_WINDOWS = "pyvroom, deadlines as time windows"


def deadline_window(problem: Problem, index: int) -> Window | None:
    """The hard window of stop ``index`` with its deadline as the latest finish.

    That is the appointment window (if any) ending no later than the deadline less the
    service, where the deadline can still be met (it is the stop's
    :attr:`~routing.Problem.lateness_origin`) and the two overlap; otherwise just the
    appointment window.
    """
    stop = problem.stops[index]
    meetable = stop.deadline is not None and problem.lateness_origin[index] == stop.deadline
    if not meetable or stop.deadline is None:
        return stop.window
    start = stop.window.start if stop.window else 0
    end = stop.deadline - stop.service_s
    if stop.window is not None:
        end = min(end, stop.window.end)
    return Window(start, end) if start <= end else stop.window


def solve_vroom(
    problem: Problem, time_limit_s: float, deadline_windows: bool = False
) -> dict[str, list[str]]:
    """pyvroom (exploration level 5, one thread) on the same data; returns routes by id.

    With ``deadline_windows``, deadlines that can still be met are hard time windows too
    (:func:`deadline_window`).
    """
    import vroom

    skills = sorted(
        {s.skill for s in problem.stops if s.skill}
        | {k for t in problem.technicians for k in t.skills}
    )
    code = {name: i for i, name in enumerate(skills)}
    data = vroom.Input()
    data.set_durations_matrix("car", problem.durations.tolist())
    for k, t in enumerate(problem.technicians):
        if not t.active:
            continue
        breaks = []
        if t.break_ is not None:
            tw = vroom.TimeWindow(t.break_.earliest, t.break_.latest)
            breaks.append(vroom.Break(k, time_windows=[tw], service=t.break_.duration_s))
        data.add_vehicle(
            vroom.Vehicle(
                k,
                start=int(problem.start_loc[k]),
                end=int(problem.end_loc[k]),
                skills={code[s] for s in t.skills},
                time_window=vroom.TimeWindow(t.shift_start, t.shift_end),
                breaks=breaks,
                max_tasks=t.max_jobs if t.max_jobs is not None else 1_000_000,
            )
        )
    for i, s in enumerate(problem.stops):
        window = deadline_window(problem, i) if deadline_windows else s.window
        windows = [vroom.TimeWindow(window.start, window.end)] if window else []
        data.add_job(
            vroom.Job(
                i,
                location=int(problem.stop_loc[i]),
                default_service=s.service_s,
                skills={code[s.skill]} if s.skill else set(),
                priority=100 if s.critical else min(99, 6 * s.lateness_rate),
                time_windows=windows,
            )
        )
    timeout = datetime.timedelta(seconds=time_limit_s)
    solution = data.solve(exploration_level=5, nb_threads=1, timeout=timeout)
    df = solution.routes
    routes: dict[str, list[str]] = {}
    for vid, group in df[df["type"] == "job"].groupby("vehicle_id", sort=True):
        routes[problem.technicians[int(vid)].id] = [problem.stops[int(j)].id for j in group["id"]]
    return routes


#: pyvroom runs per day: its timed runs of one day can differ by several per cent.
PEER_RUNS = 3


def runs_count(text: str) -> int:
    """An odd number of pyvroom runs, at least one (so that the median is one of them);
    the ``--peer-runs`` argument type."""
    runs = int(text)
    if not _odd(runs):
        raise argparse.ArgumentTypeError(f"{runs}: the runs must be an odd number, at least 1")
    return runs


def _odd(runs: int) -> bool:
    return runs >= 1 and runs % 2 == 1


def vroom_run(
    problem: Problem, seed: int, time_limit_s: float, deadline_windows: bool = False
) -> tuple[Row, dict[str, list[str]]]:
    """One timed run of pyvroom, scored by the project's evaluator, and its routes."""
    t0 = time.perf_counter()
    routes = solve_vroom(problem, time_limit_s, deadline_windows)
    wall = time.perf_counter() - t0
    label = PYVROOM_WINDOWS if deadline_windows else PYVROOM
    return row_of(seed, label, problem, evaluate(problem, routes), wall), routes


def median_run(
    problem: Problem,
    seed: int,
    time_limit_s: float,
    runs: int = PEER_RUNS,
    deadline_windows: bool = False,
) -> tuple[Row, dict[str, list[str]], list[float]]:
    """pyvroom ``runs`` times (an odd number) on one day: its run of median travel (a
    plan it made) with that run's routes, and every run's travel, shortest first."""
    if not _odd(runs):
        raise ValueError(f"runs={runs}: pyvroom's runs must be an odd number, at least 1")
    measured = sorted(
        (vroom_run(problem, seed, time_limit_s, deadline_windows) for _ in range(runs)),
        key=lambda run: run[0].travel_h,
    )
    row, routes = measured[runs // 2]
    return row, routes, [r.travel_h for r, _ in measured]
