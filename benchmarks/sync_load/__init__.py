"""Sync under load: 200 phones pushing a day of mutations to gunicorn on PostgreSQL.

Each simulated phone logs in, then pushes about 40 mutations (status changes, parts,
swaps, fees, notes) in batches of 8, with the faults a real day brings: a batch whose
answer was "lost" is sent again whole, and some batches repeat the tail of the previous
one. Afterwards the database is checked: every effect is recorded exactly once.

Then one phone (the real app in headless Chromium) records 500 mutations offline and we
time the flush of its outbox once it is back online.

    python -m benchmarks.sync_load [--devices 200] [--workers 32] [--no-write]

Uses postgresql://postgres@127.0.0.1:5432/test (``SYNC_BENCH_DB``) in a schema of its own,
dropped at the end. Results go to BENCHMARKS.md between the ``sync`` markers.
"""

from __future__ import annotations

import os
import shutil

PG = os.environ.get("SYNC_BENCH_DB", "postgresql://postgres@127.0.0.1:5432/test")
CHROMIUM = os.environ.get("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")
PASSWORD = "bench-pass-1"
BATCH = 8
OUTBOX = 500
