"""Smoke run of the benchmarks through their real code paths (~1 s per solver)."""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

import pytest

from benchmarks import write_section
from benchmarks.dispatch import peer
from benchmarks.dispatch.compare import BLIND, Comparison, compare, matched
from benchmarks.dispatch.compare import markdown as dispatch_markdown
from benchmarks.dispatch.coverage import markdown as coverage_markdown
from benchmarks.dispatch.frontier import markdown as frontier_markdown
from benchmarks.dispatch.rows import Row, leaks_on_time, percent, worst_rate
from benchmarks.dispatch.scenario import generate
from benchmarks.dispatch.seeds import Day as SeedsDay
from benchmarks.dispatch.seeds import markdown as seeds_markdown
from benchmarks.dispatch.seeds import measure as measure_seeds
from benchmarks.dispatch.spread import markdown as spread_markdown
from benchmarks.dispatch.spread import measure as measure_spread
from benchmarks.dispatch.tune import run as tune_run
from benchmarks.travel.__main__ import markdown as travel_markdown
from benchmarks.travel.__main__ import measure as measure_travel
from benchmarks.vrptw.__main__ import main as vrptw_main
from benchmarks.vrptw.instances import check_routes, instance_names, load
from routing import Plan, Route, Unassigned, Visit

DAY_S = 24 * 3600

SOLVERS = [
    s
    for s, module in (("project", "ortools"), ("pyvrp", "pyvrp"), ("vroom", "vroom"))
    if importlib.util.find_spec(module) is not None
]


def test_all_56_instances_are_found() -> None:
    names = instance_names()
    assert len(names) == 56
    assert load("C101").size == 100


def test_checker_rejects_a_broken_solution() -> None:
    inst = load("C101")
    check = check_routes(inst, [list(range(1, 101))])
    assert not check.feasible
    assert any("due" in p or "capacity" in p for p in check.problems)


def test_vrptw_runner_on_one_instance(tmp_path: Path) -> None:
    assert "project" in SOLVERS
    out = tmp_path / "results.json"
    vrptw_main(
        [
            "--instances",
            "C101",
            "--time-limit",
            "1",
            "--solvers",
            ",".join(SOLVERS),
            "--out",
            str(out),
        ]
    )
    results = json.loads(out.read_text())["results"]
    assert [r["solver"] for r in results] == SOLVERS
    for r in results:
        assert r["feasible"], r["problems"]
        assert r["gap_pct"] < 5.0
        assert sum(len(route) for route in r["routes"]) == 100


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    """One small run of the field-dispatch comparison, shared by its table tests."""
    if "vroom" not in SOLVERS:
        pytest.skip("pyvroom is not installed")
    return compare([3], time_limit_s=1.0, sizes=(120,), weights=(0.25,), peer_runs=3)


def test_dispatch_comparison_runs(comparison: Comparison) -> None:
    rows, replans = comparison.rows, comparison.replans
    assert [r.solver for r in rows][:6] == [
        "project",
        "project, on-time target 98 %",
        "project, OR-Tools search alone",
        "project, deadlines ignored (lateness_weight=0)",
        "pyvroom",
        "pyvroom, deadlines as time windows",
    ]
    assert rows[6].solver.startswith("project re-plan")
    assert all(r.feasible for r in rows)
    assert all(r.orders == 120 for r in rows[:6])
    assert rows[0].critical_served == "4/4"
    assert 0 < rows[0].value <= sum(s.lateness_rate for s in generate(3, orders=120).stops)
    assert len(replans) == 1
    assert "| 120 | 3 | project |" in dispatch_markdown(comparison, 1.0)


def test_pyvroom_row_is_its_run_of_median_travel(comparison: Comparison) -> None:
    travels = comparison.peer_runs[(120, 3)]
    assert len(travels) == 3
    assert travels == sorted(travels)
    peer = next(r for r in comparison.rows if r.solver == "pyvroom")
    assert peer.travel_h == travels[1]
    text = dispatch_markdown(comparison, 1.0)
    assert "pyvroom ran 3 times a day" in text
    listed = ", ".join(f"{t:.2f}" for t in travels)
    assert f"pyvroom's runs, travel (h) by orders/seed: 120/3: {listed}." in text
    windowed = comparison.window_runs[(120, 3)]
    assert len(windowed) == 3
    peer_row = next(r for r in comparison.rows if r.solver == "pyvroom, deadlines as time windows")
    assert peer_row.travel_h == windowed[1]
    listed = ", ".join(f"{t:.2f}" for t in windowed)
    assert f"pyvroom's runs given the deadlines as windows: 120/3: {listed}." in text


def test_median_run_takes_the_middle_run(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = generate(3, orders=120).problem()

    def run(travel: float) -> tuple[Row, dict[str, list[str]]]:
        row = Row(3, 120, "pyvroom", 5, 1.0, travel, 0, 100, "4/4", True, 1.0, 90.0)
        return row, {"run": [str(travel)]}

    runs = iter([run(t) for t in (12.0, 9.6, 10.0)])
    monkeypatch.setattr(peer, "vroom_run", lambda *_: next(runs))
    chosen, routes, travels = peer.median_run(problem, 3, 1.0, runs=3)
    assert (chosen.travel_h, routes, travels) == (10.0, {"run": ["10.0"]}, [9.6, 10.0, 12.0])


@pytest.mark.parametrize("runs", [0, 2, -1])
def test_pyvroom_runs_are_an_odd_number(runs: int) -> None:
    problem = generate(3, orders=120).problem()
    with pytest.raises(ValueError, match="odd number"):
        peer.median_run(problem, 3, 1.0, runs=runs)
    with pytest.raises(argparse.ArgumentTypeError, match="odd number"):
        peer.runs_count(str(runs))
    assert peer.runs_count("5") == 5


def test_worst_rate_of_several_days() -> None:
    assert worst_rate([None, 99.0, 97.0]) == 97.0
    assert worst_rate([None]) is None
    assert percent(worst_rate([None, 99.0, 97.0])) == "97.0 % (below target)"


def test_lateness_weight_frontier_runs(comparison: Comparison) -> None:
    assert [r.solver for r in comparison.weighted] == ["project, lateness_weight=0.25"]
    assert all(r.feasible and r.orders == 120 for r in comparison.weighted)
    table, per_day, per_day_windowed = _tables(frontier_markdown(comparison, 1.0))
    assert [line.split(" | ")[0] for line in table[-5:]] == [
        "| pyvroom",
        "| project, lateness_weight=1 (the default)",
        "| project, on-time target 98 %",
        "| project, lateness_weight=0.25",
        "| project, deadlines ignored (lateness_weight=0)",
    ]
    assert table[-5].split(" | ")[6:8] == ["—", "—"]  # pyvroom is not compared to itself
    assert all(line.split(" | ")[6].endswith("/1") for line in table[-4:])
    assert all(line.endswith("/1 |") for line in table[-5:])  # days on the timeliness target
    assert [line.split(" | ")[:2] for line in per_day[2:]] == [["| 120", "3"]]
    assert [line.split(" | ")[:2] for line in per_day_windowed[2:]] == [["| 120", "3"]]
    assert "pyvroom, deadlines as time windows: late orders" in per_day_windowed[0]


def _tables(markdown: str) -> list[list[str]]:
    """The markdown tables of a section, each as its lines."""
    return [block.splitlines() for block in markdown.split("\n\n") if block.startswith("|")]


def test_per_day_frontier_picks_the_least_travel_on_target() -> None:
    def row(solver: str, late: int, travel: float, leaks: float, value: int = 100) -> Row:
        return Row(0, 300, solver, late, 1.0, travel, 0, value, "4/4", True, 10.0, leaks)

    day = Comparison(
        rows=[
            row("project", 1, 11.0, 100.0),
            row(BLIND, 9, 9.0, 95.0),  # drives least, but below the target
            row("pyvroom", 10, 10.0, 90.0),
            row("pyvroom, deadlines as time windows", 0, 9.8, 100.0, value=95),
        ],
        replans=[1.0],
        weighted=[
            row("project, lateness_weight=0.25", 3, 9.5, 98.5),
            row("project, lateness_weight=0.125", 4, 9.2, 98.0, value=99),  # serves less
        ],
        matched=[],
    )
    text = frontier_markdown(day, 10.0)
    (_, per_day, per_day_windowed) = _tables(text)
    assert per_day[2] == (
        "| 300 | 0 | 10 | 10.00 | 90.0 % (below target) | 100 | lateness_weight=0.25 | 3 | 9.50 "
        "| 98.5 % | 100 | -5.0 % |"
    )
    assert "On 1 of 1 days a plan of the project on target, serving no less, drove less" in text
    # Against pyvroom with deadline windows, which served less: the lighter weight counts.
    assert per_day_windowed[2] == (
        "| 300 | 0 | 0 | 9.80 | 100.0 % | 95 | lateness_weight=0.125 | 4 | 9.20 | 98.0 % | 99 "
        "| -6.1 % |"
    )
    assert "serving no less, drove less than pyvroom, deadlines as time windows." in text


def test_leak_timeliness_counts_leak_repairs_served_or_late_by_tomorrow() -> None:
    problem = generate(3, orders=120).problem()
    assert problem.next_start is not None
    water = [s.id for s in problem.stops if s.skill == "water"][:2]
    gps = next(s.id for s in problem.stops if s.skill == "gps")
    visits = [(water[0], 0), (water[1], 600), (gps, 900)]  # (stop, seconds late)
    route = Route("T01", tuple(Visit(i, 0, 0, 60, 0, late, 60) for i, late in visits), 0, 99, 180)
    plan = Plan((route,), (), 180, 1500, 2, 0)
    assert leaks_on_time(problem, plan) == 50.0  # the late GPS repair is not a leak
    assert leaks_on_time(problem, Plan((), (), 0, 0, 0, 0)) is None
    leaks = [s for s in problem.stops if s.on_time_by is not None and s.id not in water]
    due_today = next(s for s in leaks if s.on_time_by < problem.next_start)  # type: ignore[operator]
    due_later = next(s for s in leaks if s.on_time_by > problem.next_start + DAY_S)  # type: ignore[operator]
    left = (Unassigned(due_today.id, "no time"), Unassigned(due_later.id, "no time"))
    # Left for tomorrow, the repair due today will be late; the one due later may not be.
    assert leaks_on_time(problem, Plan((route,), left, 180, 1500, 2, 2)) == 100 / 3
    assert leaks_on_time(problem, Plan((), left[:1], 0, 0, 0, 1)) == 0.0
    assert leaks_on_time(problem, Plan((), left[1:], 0, 0, 0, 1)) is None
    assert percent(50.0) == "50.0 % (below target)"
    assert percent(98.0) == "98.0 %"


def test_coverage_table_plans_only_the_orders_pyvroom_served(comparison: Comparison) -> None:
    problem = generate(3, orders=120).problem()
    served = [s.id for s in problem.stops[:40]]
    assert matched(3, problem, {"T01": [s.id for s in problem.stops]}, 0.5) == []
    rows = matched(3, problem, {"T01": served}, 0.5)
    assert [r.solver for r in rows] == [
        "project, lateness_weight=1, on pyvroom's orders",
        "project, lateness_weight=0.0625, on pyvroom's orders",
        "project, deadlines ignored (lateness_weight=0), on pyvroom's orders",
    ]
    assert all(r.feasible and 0 < r.orders - r.unassigned <= 40 for r in rows)
    everyone = coverage_markdown(Comparison(comparison.rows, [], [], []), 0.5)
    assert everyone.endswith("\n\npyvroom served every order on every day of this run.")
    result = Comparison(comparison.rows, comparison.replans, [], rows)
    table = coverage_markdown(result, 0.5).splitlines()
    body = [line for line in table if line.startswith("| 120 | 3 |")]
    peer = next(r for r in comparison.rows if r.solver == "pyvroom")
    assert body[0].startswith("| 120 | 3 | pyvroom |")
    assert body[0].endswith("| — | — |")
    summary = [line for line in table if line.startswith("- ")]
    assert len(body) == 1 + len(summary) == 4
    for row, line, said in zip(rows, body[1:], summary, strict=True):
        won = row.late < peer.late and row.travel_h < peer.travel_h
        full = won and row.orders - row.unassigned >= peer.orders - peer.unassigned
        verdicts = ["yes" if v else "no" for v in (won, full)]
        assert line.endswith(f"| {verdicts[0]} | {verdicts[1]} |")
        less = int(row.travel_h < peer.travel_h)
        assert said.endswith(
            f"less travel than pyvroom on {less} of 1 days; fewer late orders and less travel "
            f"on {int(won)} of 1 days, {int(full)} of them serving as many orders"
        )


def test_spread_table_summarises_every_seed() -> None:
    groups = measure_spread(120, 3, seeds=2, time_limit_s=0.3)
    assert [len(rows) for rows in groups] == [2, 2, 1, 1]
    assert [r.seed for r in groups[0]] == [0, 1]
    table = spread_markdown(groups, 3, 0.3).splitlines()
    body = [line for line in table if line.startswith("| project") or line.startswith("| pyvroom")]
    assert [line.split(" | ")[1] for line in body] == ["2", "2", "1", "1"]
    travel = sorted(r.travel_h for r in groups[0])
    expected = f"{travel[0]:.2f}" if travel[0] == travel[1] else f"{travel[0]:.2f} / "
    assert body[0].split(" | ")[5].startswith(expected)
    assert body[-1].startswith("| pyvroom | 1 |")


def test_travel_matrix_benchmark_runs() -> None:
    rows = measure_travel([20, 40], repeats=1)
    assert [r.size for r in rows] == [20, 40]
    assert all(len(r.seconds) == 3 and min(r.seconds.values()) > 0 for r in rows)
    assert all(r.max_diff_s <= 1 for r in rows)
    table = travel_markdown(rows)
    assert "Project: one build per size; the pair-by-pair peers: one build per size" in table
    assert "| 40 | 1,600 |" in table
    assert table.count("\n| 20 | 400 | ") == 1


def test_sections_are_replaced_between_markers(tmp_path: Path) -> None:
    md = tmp_path / "B.md"
    md.write_text("# Benchmarks\n\nkeep me\n")
    write_section("x", "one", md)
    write_section("x", "two", md)
    text = md.read_text()
    assert "keep me" in text
    assert text.count("<!-- x:start -->") == 1
    assert "two" in text
    assert "one" not in text


def test_seeds_table_runs() -> None:
    (day,) = measure_seeds(2, 0.3, days=((120, 3),), peer_runs=3)
    assert (day.orders, day.seed) == (120, 3)
    assert [r.solver for r in day.peers] == ["pyvroom"] * 3
    assert [r.solver for r in day.windowed] == ["pyvroom, deadlines as time windows"] * 3
    assert [[r.solver for r in rows] for rows in day.variants] == [
        ["project (the default)"] * 2,
        ["project, on-time target 98 %"] * 2,
    ]
    assert all(r.feasible and r.orders == 120 for rows in day.variants for r in rows)


def test_seeds_table_counts_the_runs_below_pyvroom() -> None:
    def row(solver: str, seed: int, travel: float, leaks: float = 99.0) -> Row:
        return Row(seed, 300, solver, 2, 1.0, travel, 0, 100, "4/4", True, 10.0, leaks)

    default = [row("project (the default)", s, t) for s, t in enumerate((9.0, 11.0, 12.0))]
    held = [row("project, on-time target 98 %", s, t, 98.5) for s, t in enumerate((9.5, 9.8, 10.5))]
    peers = [row("pyvroom", 0, t, pct) for t, pct in ((10.0, 90.0), (12.0, 91.0), (9.6, 89.0))]
    windows = "pyvroom, deadlines as time windows"
    windowed = [row(windows, 0, t, 100.0) for t in (11.5, 10.9, 11.2)]
    day = SeedsDay(300, 1, peers, windowed, [default, held])
    text = seeds_markdown([day], 10.0)
    assert "beside 3 runs of pyvroom" in text
    # compared with pyvroom's medians, 10.0 and 11.2: not with the best runs nor the worst
    assert (
        "| 300 | 1 | project (the default) | 3 | 2 | 99.0 % | 9.00 / 11.00 / 12.00 | 1/3 | 2/3 "
        "| 0 | 100 |" in text
    )
    assert (
        "| 300 | 1 | project, on-time target 98 % | 3 | 2 | 98.5 % | 9.50 / 9.80 / 10.50 | 2/3 "
        "| 3/3 |" in text
    )
    assert (
        "| 300 | 1 | pyvroom | 3 | 2 | 89.0 % (below target) | 9.60 / 10.00 / 12.00 | — | — |"
        in text
    )
    assert f"| 300 | 1 | {windows} | 3 | 2 | 100.0 % | 10.90 / 11.20 / 11.50 | — | — |" in text
    assert "- project (the default): median travel below the median of pyvroom on 0 of 1" in text
    assert f"- project (the default): median travel below the median of {windows} on 1 of 1" in text
    assert "- project, on-time target 98 %: median travel below the median of pyvroom on 1" in text


def test_dispatch_tuning_table_reports_timeliness() -> None:
    table = tune_run([0], ["sisr (default)"], time_limit=0.5).splitlines()
    assert table[0].split(" | ")[2] == "leak repairs on time, worst day"
    assert len(table) == 3
    assert table[2].startswith("| sisr (default) | ")
    assert table[2].split(" | ")[2].split(" ")[1] == "%"
