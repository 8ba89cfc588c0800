"""The BENCHMARKS.md section of the sync benchmark."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
from datetime import UTC, datetime
from typing import Any

from benchmarks.sync_load import BATCH
from benchmarks.sync_load.devices import Stats


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def markdown(
    args: argparse.Namespace,
    stats: Stats,
    wall: float,
    check: dict[str, Any],
    phone: dict[str, Any],
) -> str:
    unique = check["expected"]["sync_mutations"]
    return "\n".join(
        [
            "## Sync under load (technician app protocol)",
            "",
            f"Measured by `python -m benchmarks.sync_load` on {datetime.now(UTC):%Y-%m-%d}: PostgreSQL "
            f"(own schema) and gunicorn ({args.gunicorn_workers} workers x 4 threads) on loopback, "
            f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs.",
            f"{args.devices} simulated phones, {args.workers} at a time, each pushing a day of "
            f"{unique // args.devices} mutations in batches of {BATCH}; 30 % of batches resent whole "
            "(lost answer), 20 % repeating the previous batch's last two mutations.",
            "",
            "| measure | value |",
            "|---|---|",
            f"| push requests | {stats.requests} |",
            f"| mutations sent (with duplicates) | {stats.sent} |",
            f"| distinct mutations | {unique} |",
            f"| results | {', '.join(f'{k} {v}' for k, v in sorted(stats.statuses.items()))} |",
            f"| wall time | {wall:.1f} s |",
            f"| throughput | {stats.sent / wall:.0f} mutations/s ({stats.requests / wall:.0f} requests/s) |",
            f"| push latency p50 / p95 | {statistics.median(stats.latencies) * 1000:.0f} ms / "
            f"{percentile(stats.latencies, 0.95) * 1000:.0f} ms |",
            f"| effects recorded exactly once | {'yes' if check['exactly_once'] else 'NO'} "
            f"(fees {check['found']['fee_entries']}/{check['expected']['fee_entries']}, parts "
            f"{check['found']['part_uses']}/{check['expected']['part_uses']}, swaps "
            f"{check['found']['swaps']}/{check['expected']['swaps']}, notes "
            f"{check['found']['notes']}/{check['expected']['notes']}, orders completed "
            f"{check['orders_completed']}, arrivals recorded other than once "
            f"{check['orders_with_arrivals_not_once']}) |",
            f"| one phone: flush an outbox of {phone['queued']} mutations (real app, headless Chromium) | "
            f"{phone['seconds']:.1f} s ({phone['left']} left) |",
        ]
    )
