"""``python -m benchmarks.dispatch --seeds 0 1 2 --time-limit 10 [--write]``.

One run fills three sections of BENCHMARKS.md: the field-dispatch table (``dispatch``),
the same days under other lateness weights (``dispatch-frontier``) and, on the days
pyvroom left orders for tomorrow, the project on just the orders pyvroom served
(``dispatch-coverage``).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from benchmarks import publish

from . import coverage, frontier
from .compare import FRONTIER_WEIGHTS, compare, markdown
from .peer import PEER_RUNS, runs_count


def main(argv: Sequence[str] | None = None) -> None:
    """Run the comparison and print (and with ``--write`` store) the tables."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.dispatch", description=__doc__)
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument(
        "--weights",
        nargs="*",
        type=float,
        default=list(FRONTIER_WEIGHTS),
        help="lateness weights besides 1 and 0 for the frontier table",
    )
    ap.add_argument(
        "--peer-runs", type=runs_count, default=PEER_RUNS, help="pyvroom runs per day (odd)"
    )
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    result = compare(
        args.seeds, args.time_limit, weights=tuple(args.weights), peer_runs=args.peer_runs
    )
    sections = {
        "dispatch": markdown(result, args.time_limit),
        "dispatch-frontier": frontier.markdown(result, args.time_limit),
        "dispatch-coverage": coverage.markdown(result, args.time_limit),
    }
    for name, text in sections.items():
        publish(name, text, write=args.write)


if __name__ == "__main__":
    main()
