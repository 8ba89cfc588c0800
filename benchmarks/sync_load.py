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

# This benchmark drives the server itself.
# ruff: noqa: TID251
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks import REPO, write_section

PG = os.environ.get("SYNC_BENCH_DB", "postgresql://postgres@127.0.0.1:5432/test")
CHROMIUM = os.environ.get("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")
PASSWORD = "bench-pass-1"
BATCH = 8
OUTBOX = 500


def luhn(body: str) -> str:
    for digit in "0123456789":
        total = 0
        for i, c in enumerate(reversed(body + digit)):
            d = int(c) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return body + digit
    raise AssertionError(body)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(schema: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}?options=-csearch_path%3D{schema}",
        "SECRET_KEY": "sync-bench",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_KIB": "1024",
        "BLOB_DIR": f"/tmp/{schema}-blobs",
    }


def _schema(action: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    from server.config import normalise_db_url

    engine = create_engine(normalise_db_url(PG), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if action == "create":
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        else:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def _seed(env: dict[str, str], devices: int) -> None:
    """Technicians bench001… each with two assigned water-leak orders, and one part."""
    os.environ.update(env)
    from server import create_app
    from server.customers import service as customers
    from server.extensions import db
    from server.orders.service import add_order
    from server.orders.transitions import TransitionRequest, move
    from server.parts import service as parts
    from server.policy.seed import ensure_defaults
    from server.technicians import service as technicians
    from server.timeutil import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"]})
    with app.app_context():
        ensure_defaults()
        parts.add_part(
            None, {"code": "VALVE-50", "name": "Gate valve", "unit_price": Decimal("85")}
        )
        customer = customers.add_customer(
            {
                "name": "Bench customer",
                "phone": "1",
                "grade": "B",
                "sites": [{"address": "1 Bench Road", "lat": 30.27, "lon": 120.15}],
            }
        )
        db.session.flush()
        for n in range(1, devices + 2):
            tech = technicians.add_technician(
                None,
                {
                    "username": f"bench{n:03d}",
                    "password": PASSWORD,
                    "skills": ["water"],
                    "shift_start": clock(8),
                    "shift_end": clock(17),
                    "home_lat": 30.27,
                    "home_lon": 120.15,
                },
            )
            for _ in range(2):
                order = add_order(
                    None,
                    {
                        "kind": "water_leak",
                        "customer_id": customer.id,
                        "site_id": customer.sites[0].id,
                        "pipe_diameter_mm": 200,
                    },
                )
                move(
                    None,
                    order,
                    TransitionRequest(to="assigned", version=order.version, technician_id=tech.id),
                    utcnow(),
                )
        db.session.commit()


def _post(base: str, path: str, body: Any, token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + path, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def _get(base: str, path: str, token: str) -> Any:
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@dataclass
class Device:
    number: int
    token: str = ""
    seq: int = 0
    mutations: list[dict[str, Any]] = field(default_factory=list)

    def add(self, type_: str, order_id: int, payload: dict[str, Any]) -> None:
        self.seq += 1
        self.mutations.append(
            {
                "id": str(uuid.uuid4()),
                "device_id": f"bench-{self.number}",
                "seq": self.seq,
                "type": type_,
                "order_id": order_id,
                "at": datetime.now(UTC).isoformat(),
                "payload": payload,
            }
        )


def _day(device: Device, orders: list[int], rng: random.Random) -> None:
    """About 40 mutations: two jobs worked through, with parts, swaps, fees and notes."""
    for job, order_id in enumerate(orders):
        device.add("order.en_route", order_id, {})
        device.add("order.arrived", order_id, {"lat": 30.27, "lon": 120.15})
        for _ in range(8):
            device.add(
                "part.use", order_id, {"part_code": "VALVE-50", "quantity": rng.randint(1, 3)}
            )
        body = f"89860{device.number:04d}{job}"
        device.add(
            "sim.swap",
            order_id,
            {"old_iccid": luhn(body + "1" * 9), "new_iccid": luhn(body + "2" * 9)},
        )
        device.add(
            "terminal.swap",
            order_id,
            {"old_serial": f"T{device.number}{job}A", "new_serial": f"T{device.number}{job}B"},
        )
        for k in range(2):
            device.add(
                "fee.collect",
                order_id,
                {
                    "amount": f"{rng.randint(20, 300)}.00",
                    "method": "cash",
                    "receipt_no": f"B{device.number:03d}-{job}{k}",
                },
            )
        for k in range(4):
            device.add("note.add", order_id, {"text": f"note {k}", "base_version": k})
        device.add("order.complete", order_id, {"notes": "Repaired and tested."})


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    requests: int = 0
    sent: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _push(base: str, device: Device, batch: list[dict[str, Any]], stats: Stats) -> None:
    for _attempt in range(5):  # bounded: a 5xx is retried a few times, as the phone would
        started = time.perf_counter()
        status, body = _post(
            base,
            "/api/v1/sync/push",
            {"device_id": f"bench-{device.number}", "mutations": batch},
            device.token,
        )
        with stats.lock:
            stats.latencies.append(time.perf_counter() - started)
            stats.requests += 1
            stats.sent += len(batch)
            for result in body["results"] if status == 200 else []:
                stats.statuses[result["status"]] = stats.statuses.get(result["status"], 0) + 1
        if status == 200:
            return
    raise RuntimeError(f"device {device.number}: push kept failing ({status})")


def _run_device(base: str, device: Device, rng: random.Random, stats: Stats) -> None:
    previous: list[dict[str, Any]] = []
    for start in range(0, len(device.mutations), BATCH):
        batch = device.mutations[start : start + BATCH]
        if previous and rng.random() < 0.2:
            batch = previous[-2:] + batch  # the tail of the last batch again
        _push(base, device, batch, stats)
        if rng.random() < 0.3:
            _push(base, device, batch, stats)  # the answer was "lost": the same batch again
        previous = batch


def _check(env: dict[str, str], devices: list[Device]) -> dict[str, Any]:
    """Count every effect in the database against what the phones recorded."""
    from sqlalchemy import create_engine, text

    from server.config import normalise_db_url

    unique = [m for d in devices for m in d.mutations]
    expected = {
        "sync_mutations": len(unique),
        "fee_entries": sum(m["type"] == "fee.collect" for m in unique),
        "part_uses": sum(m["type"] == "part.use" for m in unique),
        "swaps": sum(m["type"] in ("sim.swap", "terminal.swap") for m in unique),
        "notes": sum(m["type"] == "note.add" for m in unique),
    }
    url, _, options = env["DATABASE_URL"].partition("?options=")
    schema = options.split("%3D", 1)[1]
    engine = create_engine(
        normalise_db_url(url), connect_args={"options": f"-csearch_path={schema}"}
    )
    with engine.connect() as conn:
        found = {
            table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in expected
        }
        arrivals = conn.execute(
            text(
                "SELECT count(*) FROM order_events WHERE to_status = 'on_site' GROUP BY order_id HAVING count(*) <> 1"
            )
        ).all()
        completed = conn.execute(
            text("SELECT count(*) FROM work_orders WHERE status = 'completed'")
        ).scalar_one()
        rejected = conn.execute(
            text("SELECT count(*) FROM sync_mutations WHERE status <> 'applied'")
        ).scalar_one()
    engine.dispose()
    ok = found == expected and not arrivals and completed == 2 * len(devices) and rejected == 0
    return {
        "expected": expected,
        "found": found,
        "orders_completed": completed,
        "orders_with_arrivals_not_once": len(arrivals),
        "not_applied": rejected,
        "exactly_once": ok,
    }


OUTBOX_SCRIPT = """async ([orderId, count]) => {
  const sync = await import('/app/js/sync.js');
  for (let i = 0; i < count; i += 1) {
    await sync.record(i % 2 ? 'note.add' : 'part.use', orderId,
      i % 2 ? {text: `note ${i}`, base_version: 0} : {part_code: 'VALVE-50', quantity: 1});
  }
  const {openDB} = await import('/static/vendor/idb/index.js');
  return (await openDB('fieldops-tech')).count('outbox');
}"""


def _phone_flush(base: str, username: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(base + "/app/")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-order]")
        order_id = int(page.get_attribute("[data-order]", "data-order") or 0)
        context.set_offline(True)
        queued = page.evaluate(OUTBOX_SCRIPT, [order_id, OUTBOX])
        started = time.perf_counter()
        context.set_offline(False)
        page.evaluate("import('/app/js/sync.js').then(s => s.flush())")
        deadline = time.monotonic() + 300
        while (
            page.get_attribute("[data-pending]", "data-pending") != "0"
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        left = page.get_attribute("[data-pending]", "data-pending")
        browser.close()
    return {"queued": queued, "seconds": elapsed, "left": int(left or -1)}


def _percentile(values: list[float], q: float) -> float:
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
            f"{_percentile(stats.latencies, 0.95) * 1000:.0f} ms |",
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


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--gunicorn-workers", type=int, default=4)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    schema = f"bench_sync_{os.getpid()}"
    _schema("create", schema)
    env = _env(schema)
    server = None
    try:
        flask = Path(sys.executable).parent / "flask"
        subprocess.run(
            [flask, "--app", "server", "db", "upgrade"],
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        _seed(env, args.devices)
        port = _free_port()
        server = subprocess.Popen(
            [
                Path(sys.executable).parent / "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.gunicorn_workers),
                "--threads",
                "4",
                "--log-level",
                "warning",
                "server:create_app()",
            ],
            env=env,
            cwd=REPO,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        devices = [Device(n) for n in range(1, args.devices + 1)]
        rng = random.Random(7)
        for device in devices:
            device.token = _post(
                base,
                "/api/v1/auth/login",
                {"username": f"bench{device.number:03d}", "password": PASSWORD},
            )[1]["token"]
            orders = [
                c["order_id"]
                for c in _get(base, "/api/v1/sync/pull?cursor=0", device.token)["changes"]
            ]
            _day(device, sorted(orders), rng)
        stats = Stats()
        started = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as pool:
            seeds = [rng.randrange(1 << 30) for _ in devices]
            list(
                pool.map(
                    lambda pair: _run_device(base, pair[0], random.Random(pair[1]), stats),
                    zip(devices, seeds, strict=True),
                )
            )
        wall = time.perf_counter() - started
        check = _check(env, devices)
        phone = _phone_flush(base, f"bench{args.devices + 1:03d}")
        text = markdown(args, stats, wall, check, phone)
        print(text)
        if not args.no_write:
            write_section("sync", text)
        return {"check": check, "phone": phone}
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        _schema("drop", schema)
        shutil.rmtree(f"/tmp/{schema}-blobs", ignore_errors=True)


if __name__ == "__main__":
    main()
