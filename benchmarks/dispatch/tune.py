"""Search-setting experiments for the project's solver on generated field days.

``python -m benchmarks.dispatch.tune --seeds 0 1 --variants lean default`` prints, per
variant and seed, late orders, lateness, travel and unassigned orders (the measures of
``python -m benchmarks.dispatch``); ``--write`` puts the table in BENCHMARKS.md
(section ``dispatch-tuning``). The variants are those of :mod:`benchmarks.vrptw.tune`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence

from benchmarks import write_section
from benchmarks.vrptw.tune import VARIANTS
from routing import solve, warm_up

from .scenario import generate


def run(seeds: Sequence[int], variants: Sequence[str], time_limit: float) -> str:
    """Solve each seed's day under each variant; return a markdown table."""
    rows = []
    warm_up()  # compile the kernel before the first timed run
    for variant in variants:
        late, travel, unassigned = [], [], []
        for seed in seeds:
            problem = generate(seed).problem()
            t0 = time.perf_counter()
            plan = solve(problem, time_limit_s=time_limit, seed=seed, settings=VARIANTS[variant])
            wall = time.perf_counter() - t0
            late.append(plan.late_count)
            travel.append(plan.travel_s / 3600)
            unassigned.append(plan.unassigned_count)
            print(
                f"{variant:20s} seed {seed}: late {plan.late_count:3d} "
                f"lateness {plan.lateness_s / 3600:6.2f} h travel {travel[-1]:6.2f} h "
                f"unassigned {plan.unassigned_count:3d} wall {wall:5.2f} s",
                flush=True,
            )
        rows.append(
            f"| {variant} | {statistics.fmean(late):.1f} | {statistics.fmean(travel):.2f} | "
            f"{statistics.fmean(unassigned):.1f} |"
        )
    head = "| variant | late orders (mean) | travel h (mean) | unassigned (mean) |\n"
    return head + "|---|---|---|---|\n" + "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    ap.add_argument("--variants", nargs="+", default=["sisr (default)"])
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--write", action="store_true")
    ap.add_argument(
        "--section",
        default="dispatch-sisr-tuning",
        help="BENCHMARKS.md section (dispatch-tuning holds the OR-Tools-only round)",
    )
    ap.add_argument("--title", default="Field dispatch: SISR settings")
    args = ap.parse_args(argv)
    table = run(args.seeds, args.variants, args.time_limit)
    print(table)
    if args.write:
        intro = (
            f"The project's solver on generated days under search variants, "
            f"{args.time_limit:g} s, seeds {' '.join(map(str, args.seeds))} "
            f"(`python -m benchmarks.dispatch.tune`).\n\n"
        )
        write_section(args.section, f"## {args.title}\n\n" + intro + table)


if __name__ == "__main__":
    main()
