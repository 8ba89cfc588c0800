"""``python -m benchmarks.vrptw --instances C101 R101 --time-limit 10 --solvers project,pyvrp,vroom --out results.json``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from benchmarks import publish

from .instances import instance_names
from .run import markdown, run


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments, run, write the JSON and (with ``--write``) BENCHMARKS.md."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.vrptw", description=__doc__)
    ap.add_argument("--instances", nargs="*", default=None, help="default: all 56")
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--solvers", default="project,pyvrp,vroom")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None, help="JSON with routes per solver")
    ap.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = ap.parse_args(argv)
    names = args.instances or instance_names()
    results = run(names, args.solvers.split(","), args.time_limit, args.seed, args.out)
    text = markdown(results, args.time_limit)
    publish("vrptw", text, write=args.write)


if __name__ == "__main__":
    main()
