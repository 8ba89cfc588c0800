"""``python -m benchmarks.dispatch --seeds 0 1 2 --time-limit 10 [--write]``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from benchmarks import write_section

from .compare import compare, markdown


def main(argv: Sequence[str] | None = None) -> None:
    """Run the comparison and print (and with ``--write`` store) the table."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.dispatch", description=__doc__)
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    rows, replans = compare(args.seeds, args.time_limit)
    text = markdown(rows, replans, args.time_limit)
    print(text)
    if args.write:
        write_section("dispatch", text)


if __name__ == "__main__":
    main()
