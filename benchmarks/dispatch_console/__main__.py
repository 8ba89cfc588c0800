"""``python -m benchmarks.dispatch_console``: run the benchmark and write its section."""

# This benchmark drives the server itself; the routing-purity ban on benchmarks/ is for
# the solver benchmarks.
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks import dispatch_console, publish
from benchmarks.dispatch_console.console import LoadTiming, time_console
from benchmarks.dispatch_console.plans import PlanTiming, prepare, time_plan
from benchmarks.dispatch_console.report import section


def main() -> None:
    parser = argparse.ArgumentParser(description=dispatch_console.__doc__.split("\n")[0])
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--technicians", type=int, default=25)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    plans: list[PlanTiming] = []
    loads: list[LoadTiming] = []
    with tempfile.TemporaryDirectory() as folder:
        sets = [
            ("demo", "demo (day in progress)"),
            ("generated", f"generated {args.orders} orders / {args.technicians} technicians"),
        ]
        for kind, label in sets:
            db_path = Path(folder) / f"{kind}.sqlite3"
            day = prepare(db_path, kind, args.orders, args.technicians)
            plans.append(time_plan(db_path, label, day, args.time_limit))
            print(plans[-1], flush=True)
            loads.append(time_console(db_path, label, day, args.loads, f"dispatch-console-{kind}"))
            print(loads[-1], flush=True)
    text = section(plans, loads, args.time_limit, args.loads)
    publish("console", text, write=not args.no_write)


if __name__ == "__main__":
    main()
