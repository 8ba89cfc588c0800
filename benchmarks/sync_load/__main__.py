"""``python -m benchmarks.sync_load``: run the benchmark and write its section."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from benchmarks import publish, sync_load
from benchmarks.sync_load import PASSWORD
from benchmarks.sync_load.database import check_effects, env_for, manage_schema, seed
from benchmarks.sync_load.devices import Device, Stats, get, plan_day, post, run_device
from benchmarks.sync_load.phone import phone_flush
from benchmarks.sync_load.report import markdown
from server.serving import flask, start_gunicorn, stop


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=sync_load.__doc__.split("\n")[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--gunicorn-workers", type=int, default=4)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    schema = f"bench_sync_{os.getpid()}"
    manage_schema("create", schema)
    env = env_for(schema)
    server = None
    try:
        flask(env, "db", "upgrade")
        seed(env, args.devices)
        server, base = start_gunicorn(env, workers=args.gunicorn_workers)
        devices = [Device(n) for n in range(1, args.devices + 1)]
        rng = random.Random(7)
        for device in devices:
            device.token = post(
                base,
                "/api/v1/auth/login",
                {"username": f"bench{device.number:03d}", "password": PASSWORD},
            )[1]["token"]
            orders = [
                c["order_id"]
                for c in get(base, "/api/v1/sync/pull?cursor=0", device.token)["changes"]
            ]
            plan_day(device, sorted(orders), rng)
        stats = Stats()
        started = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as pool:
            seeds = [rng.randrange(1 << 30) for _ in devices]
            list(
                pool.map(
                    lambda pair: run_device(base, pair[0], random.Random(pair[1]), stats),
                    zip(devices, seeds, strict=True),
                )
            )
        wall = time.perf_counter() - started
        check = check_effects(env, devices)
        phone = phone_flush(base, f"bench{args.devices + 1:03d}")
        text = markdown(args, stats, wall, check, phone)
        publish("sync", text, write=not args.no_write)
        return {"check": check, "phone": phone}
    finally:
        if server is not None:
            stop(server)
        manage_schema("drop", schema)
        shutil.rmtree(f"/tmp/{schema}-blobs", ignore_errors=True)


if __name__ == "__main__":
    main()
