"""Search-setting experiments for the project's solver on a subset of Solomon.

``python -m benchmarks.vrptw.tune --instances R101 RC101 --time-limit 5 --variants base lambda02``
prints the mean gap per variant; with ``--write`` the table goes to BENCHMARKS.md
(section ``vrptw-tuning``), so the record of what helped is measured, not typed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from typing import Any

from benchmarks import write_section
from routing import warm_up
from routing._ortools import SearchSettings

from .instances import best_known, check_routes, load
from .solvers import solve_project

_OPS = "local_search_operators."
_PCI = "PARALLEL_CHEAPEST_INSERTION"
#: The previous defaults: SISR ruins of ~10 visits, strings up to 10, tiny bypass, PCI start.
_OLD: dict[str, Any] = {
    "first_solution": _PCI,
    "ruin_avg_removed": 10,
    "ruin_max_sequence": 10,
    "ruin_bypass": 0.01,
    "operators_off": (),
}
_GLS: dict[str, Any] = {
    "ils": False,
    "metaheuristic": "GUIDED_LOCAL_SEARCH",
    "first_solution": _PCI,
    "operators_off": (),
}


_ILSP = "iterated_local_search_parameters."
_SA = _ILSP + "reference_solution_acceptance_strategy.simulated_annealing."
_LCI_SORT = (
    _ILSP + "ruin_recreate_parameters.recreate_strategy.parameters."
    "local_cheapest_insertion.insertion_sorting_properties"
)
_RANDOM_ORDER = 8  # SORTING_PROPERTY_RANDOM
_CLOSE_FIRST = 5  # SORTING_PROPERTY_LOWEST_AVG_ARC_COST_TO_VEHICLE_START_ENDS
_GCI = "global_cheapest_insertion_first_solution_parameters."
_ALL_OPS: dict[str, Any] = {"operators_off": ()}


def _sa(t0: float, t1: float) -> tuple[tuple[str, float | bool], ...]:
    """Simulated annealing with fixed temperatures (in cost units: distance x 1000)."""
    return (
        (_SA + "automatic_temperatures", False),
        (_SA + "initial_temperature", t0),
        (_SA + "final_temperature", t1),
    )


def _ortools(**kw: Any) -> SearchSettings:
    """OR-Tools searching alone (the engine of the earlier rounds) with ``kw`` set."""
    return SearchSettings(engine="ortools", **kw)


def _ils(**kw: Any) -> SearchSettings:
    """The first ILS defaults (all operators) with ``kw`` changed."""
    return _ortools(**{**_OLD, **kw})


VARIANTS: dict[str, SearchSettings] = {
    # Earlier rounds (all operators on).
    "gls": _ortools(**_GLS),
    "gls-lambda0.3": _ortools(gls_lambda=0.3, **_GLS),
    "gls-cross-exchange": _ortools(
        overrides=((_OPS + "use_cross_exchange", True), (_OPS + "use_relocate_neighbors", True)),
        **_GLS,
    ),
    "ils-sisr10": _ils(),
    "ils-sisr5": _ils(ruin_avg_removed=5),
    "ils-sisr20": _ils(ruin_avg_removed=20),
    "ils-seq5": _ils(ruin_max_sequence=5),
    "ils-bypass0.1": _ils(ruin_bypass=0.1),
    "ils-gls": _ils(metaheuristic="GUIDED_LOCAL_SEARCH"),
    "ils-neighbors": _ils(
        overrides=(("ls_operator_neighbors_ratio", 0.2), ("ls_operator_min_neighbors", 10))
    ),
    "ils-then-gls0.3": _ils(polish_share=0.3),
    "ils-mab": _ils(overrides=(("use_multi_armed_bandit_concatenate_operators", True),)),
    "ils-full-propagation": _ils(overrides=(("use_full_propagation", True),)),
    "ils-savings": _ils(first_solution="SAVINGS"),
    "ils-sisr30-bypass0.1": _ils(ruin_avg_removed=30, ruin_bypass=0.1),
    "ils-sisr30-bypass0.1-seq20": _ils(ruin_avg_removed=30, ruin_bypass=0.1, ruin_max_sequence=20),
    "all-operators (ils-sisr30-bypass0.1-seq20-savings)": _ortools(**_ALL_OPS),
    "all-operators-then-gls0.3": _ortools(polish_share=0.3, **_ALL_OPS),
    "all-operators-pure-rr": _ortools(
        overrides=((_ILSP + "improve_perturbed_solution", False),), **_ALL_OPS
    ),
    "all-operators-sa-10k-100": _ortools(overrides=_sa(10_000, 100), **_ALL_OPS),
    # This round: heavy operators off (routing._ortools.HEAVY_OPERATORS), the new default.
    "default (lean: heavy operators off)": _ortools(),
    "lean-pure-rr": _ortools(overrides=((_ILSP + "improve_perturbed_solution", False),)),
    "lean-sa-10k-100": _ortools(overrides=_sa(10_000, 100)),
    "lean-sa-3k-30": _ortools(overrides=_sa(3_000, 30)),
    "lean-sa-1k-10": _ortools(overrides=_sa(1_000, 10)),
    "lean-no-lin-kernighan": _ortools(overrides=((_OPS + "use_lin_kernighan", False),)),
    "lean-no-cross": _ortools(overrides=((_OPS + "use_cross", False),)),
    "lean-relocate-neighbors": _ortools(overrides=((_OPS + "use_relocate_neighbors", True),)),
    "lean-sisr15": _ortools(ruin_avg_removed=15),
    "lean-sisr20": _ortools(ruin_avg_removed=20),
    "lean-sisr45": _ortools(ruin_avg_removed=45),
    "lean-seq10": _ortools(ruin_max_sequence=10),
    "lean-bypass0.3": _ortools(ruin_bypass=0.3),
    "lean-random-order": _ortools(overrides=((_LCI_SORT, _RANDOM_ORDER),)),
    "lean-close-first": _ortools(overrides=((_LCI_SORT, _CLOSE_FIRST),)),
    "lean-random-walk5": _ortools(ruin_random_walk=5),
    "lean-random-walk15": _ortools(ruin_random_walk=15),
    "lean-near20": _ortools(
        overrides=(("ls_operator_neighbors_ratio", 0.2), ("ls_operator_min_neighbors", 10))
    ),
    "lean-near40": _ortools(
        overrides=(("ls_operator_neighbors_ratio", 0.4), ("ls_operator_min_neighbors", 10))
    ),
    "lean-linear-cooling": _ortools(overrides=((_SA + "cooling_schedule_strategy", 2),)),
    "lean-seq30": _ortools(ruin_max_sequence=30),
    # The SISR engine (routing._sisr), the default since this round.
    "sisr (default)": SearchSettings(),
    "sisr-hot5": SearchSettings(sisr_temperature=(5.0, 0.05)),
    "sisr-cool1": SearchSettings(sisr_temperature=(1.0, 0.01)),
    "sisr-colder-end": SearchSettings(sisr_temperature=(2.0, 0.002)),
    "sisr-removed5": SearchSettings(sisr_removed=5.0),
    "sisr-removed20": SearchSettings(sisr_removed=20.0),
    "sisr-strings5": SearchSettings(sisr_max_string=5),
    "sisr-no-blinks": SearchSettings(sisr_blink=0.0),
    "sisr-blink0.05": SearchSettings(sisr_blink=0.05),
    "sisr-near-unassigned1": SearchSettings(sisr_near_unassigned=1.0),
    "sisr-near-unassigned0.2": SearchSettings(sisr_near_unassigned=0.2),
    # Field days (benchmarks.dispatch.tune).
    "lean-farthest-seeds": _ortools(overrides=((_GCI + "farthest_seeds_ratio", 1.0),)),
    "lean-add-unperformed": _ortools(overrides=((_GCI + "add_unperformed_entries", True),)),
    "lean-coverage0.5": _ortools(coverage_share=0.5),
    "lean-one-phase": _ortools(coverage_share=0.0),
    "lean-start-lcci": _ortools(first_solution="LOCAL_CHEAPEST_COST_INSERTION"),
    "lean-near10": _ortools(
        overrides=(("ls_operator_neighbors_ratio", 0.1), ("ls_operator_min_neighbors", 10))
    ),
}


def run(instances: Sequence[str], variants: Sequence[str], time_limit: float) -> str:
    """Run each variant on each instance; return a markdown table of gaps."""
    bks = best_known()
    rows = []
    warm_up()  # compile the kernel before the first timed run
    for variant in variants:
        gaps = []
        for name in instances:
            inst = load(name)
            t0 = time.perf_counter()
            routes = solve_project(inst, time_limit, 0, VARIANTS[variant])
            wall = time.perf_counter() - t0
            check = check_routes(inst, routes)
            gap = 100.0 * (check.distance / bks[name] - 1.0) if check.feasible else float("nan")
            gaps.append(gap)
            print(f"{variant:16s} {name:6s} {gap:+7.2f}% {wall:5.2f}s", flush=True)
        mean = statistics.fmean(gaps)
        rows.append(
            f"| {variant} | " + " | ".join(f"{g:+.2f} %" for g in gaps) + f" | {mean:+.2f} % |"
        )
        print(f"{variant:16s} mean {mean:+.2f}%", flush=True)
    head = "| variant | " + " | ".join(instances) + " | mean |\n"
    head += "|---" * (len(instances) + 2) + "|\n"
    return head + "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--instances", nargs="+", default=["R101", "RC101", "R201", "RC201", "R105", "RC105"]
    )
    ap.add_argument("--variants", nargs="+", default=list(VARIANTS))
    ap.add_argument("--time-limit", type=float, default=5.0)
    ap.add_argument("--write", action="store_true")
    ap.add_argument(
        "--section",
        default="vrptw-sisr-tuning",
        help="BENCHMARKS.md section to write (vrptw-tuning holds the OR-Tools-only round)",
    )
    ap.add_argument("--title", default="Solomon: SISR settings")
    args = ap.parse_args(argv)
    table = run(args.instances, args.variants, args.time_limit)
    print(table)
    if args.write:
        intro = (
            f"Gap to the distance BKS of the project's solver under search variants, "
            f"{args.time_limit:g} s per instance, seed 0 (`python -m benchmarks.vrptw.tune`).\n\n"
        )
        write_section(args.section, f"## {args.title}\n\n" + intro + table)


if __name__ == "__main__":
    main()
