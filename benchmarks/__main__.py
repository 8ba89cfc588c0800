"""``python -m benchmarks`` (``make bench``): every benchmark, results into BENCHMARKS.md.

Travel-time matrix: 100 to 1,000 locations, project vs pair-by-pair peers (seconds).
Solomon VRPTW: 56 instances x 3 solvers x 10 s (about 30 minutes on two cores).
Field dispatch: six generated days, project vs pyvroom, 10 s each, plus re-plans, and
the project under five more lateness weights (down to 1/64) on the same days and, where pyvroom left
orders for tomorrow, on just the orders it served (about 12 minutes).
Run-to-run spread: one day, eight solver seeds, a larger ruin and a 60 s run (about 4 minutes).
Travel against pyvroom over solver seeds: six days, five seeds each of the default and of
the on-time target beside three pyvroom runs (about 13 minutes).
"""

from __future__ import annotations

from benchmarks.dispatch.__main__ import main as dispatch_main
from benchmarks.dispatch.seeds import main as seeds_main
from benchmarks.dispatch.spread import main as spread_main
from benchmarks.travel.__main__ import main as travel_main
from benchmarks.vrptw.__main__ import main as vrptw_main


def main() -> None:
    """Run the benchmarks with their defaults and write their sections."""
    travel_main(["--write"])
    vrptw_main(["--time-limit", "10", "--out", "benchmarks/vrptw/results-10s.json", "--write"])
    dispatch_main(["--seeds", "0", "1", "2", "--time-limit", "10", "--write"])
    spread_main(["--write"])
    seeds_main(["--write"])


if __name__ == "__main__":
    main()
