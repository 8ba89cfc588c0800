"""Simulated phones: a day of mutations each, pushed in batches with lost answers."""

from __future__ import annotations

import json
import random
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from benchmarks.sync_load import BATCH


def luhn(body: str) -> str:
    for digit in "0123456789":
        total = 0
        for i, c in enumerate(reversed(body + digit)):
            d = int(c) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return body + digit
    raise AssertionError(body)


def post(base: str, path: str, body: Any, token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + path, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def get(base: str, path: str, token: str) -> Any:
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


def plan_day(device: Device, orders: list[int], rng: random.Random) -> None:
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


def push(base: str, device: Device, batch: list[dict[str, Any]], stats: Stats) -> None:
    for _attempt in range(5):  # bounded: a 5xx is retried a few times, as the phone would
        started = time.perf_counter()
        status, body = post(
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


def run_device(base: str, device: Device, rng: random.Random, stats: Stats) -> None:
    previous: list[dict[str, Any]] = []
    for start in range(0, len(device.mutations), BATCH):
        batch = device.mutations[start : start + BATCH]
        if previous and rng.random() < 0.2:
            batch = previous[-2:] + batch  # the tail of the last batch again
        push(base, device, batch, stats)
        if rng.random() < 0.3:
            push(base, device, batch, stats)  # the answer was "lost": the same batch again
        previous = batch
