"""Search-setting experiments for the project's solver on generated field days.

``python -m benchmarks.dispatch.tune --seeds 0 1 --variants lean default`` prints, per
variant and seed, late orders, lateness, travel, unassigned orders and the leak repairs on
time (the measures of ``python -m benchmarks.dispatch``), then a table of the means and the
worst day's timeliness; ``--write`` puts the table in BENCHMARKS.md
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

from .rows import percent, row_of, worst_rate
from .scenario import generate


def run(seeds: Sequence[int], variants: Sequence[str], time_limit: float) -> str:
    """Solve each seed's day under each variant; return a markdown table."""
    warm_up()  # compile the kernel before the first timed run
    rows = [_variant_row(variant, seeds, time_limit) for variant in variants]
    head = (
        "| variant | late orders (mean) | leak repairs on time, worst day | travel h (mean) "
        "| unassigned (mean) |\n"
    )
    return head + "|---|---|---|---|---|\n" + "\n".join(rows)


def _variant_row(variant: str, seeds: Sequence[int], time_limit: float) -> str:
    """One variant on each seed's day: its line of the table."""
    plans = []
    for seed in seeds:
        problem = generate(seed).problem()
        t0 = time.perf_counter()
        plan = solve(problem, time_limit_s=time_limit, seed=seed, settings=VARIANTS[variant])
        wall = time.perf_counter() - t0
        plans.append(row_of(seed, variant, problem, plan, wall))
        print(plans[-1], flush=True)
    return (
        f"| {variant} | {statistics.fmean(r.late for r in plans):.1f} | "
        f"{percent(worst_rate(r.leaks_on_time_pct for r in plans))} | "
        f"{statistics.fmean(r.travel_h for r in plans):.2f} | "
        f"{statistics.fmean(r.unassigned for r in plans):.1f} |"
    )


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
            f"The project's solver under search variants on the 300-order days of table "
            f'"Field-dispatch scenarios", {args.time_limit:g} s, seeds '
            f"{' '.join(map(str, args.seeds))}; the worst day's share of leak repairs on "
            f"time marked below the 98 % target (`python -m benchmarks.dispatch.tune`).\n\n"
        )
        write_section(args.section, f"## {args.title}\n\n" + intro + table)


if __name__ == "__main__":
    main()
