"""A generated working day: technicians and orders made with the server's own services."""

from __future__ import annotations

import json
import math
import random
from datetime import datetime, timedelta
from datetime import time as clock
from typing import Any

from benchmarks import REPO
from benchmarks.dispatch_console import (
    CITY,
    KIND_MIX,
    PALETTE,
    PASSWORD,
    SHIFTS,
    SKILL_SETS,
)


def _point(rng: random.Random, radius_km: float) -> tuple[float, float]:
    r = radius_km * rng.random() ** 0.5
    a = rng.random() * 2 * math.pi
    lat = CITY[0] + r * math.cos(a) / 111.2
    lon = CITY[1] + r * math.sin(a) / (111.2 * math.cos(math.radians(CITY[0])))
    return round(lat, 5), round(lon, 5)


def _templates() -> dict[str, dict[str, Any]]:
    """Kind-specific fields of one demo order of each kind."""
    rows = json.loads((REPO / "fixtures" / "demo" / "orders.json").read_text(encoding="utf-8"))
    drop = {"ref", "customer", "site", "state", "technician", "reported_hours_ago", "appointment"}
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        found.setdefault(row["kind"], {k: v for k, v in row.items() if k not in drop})
    return found


def generate_day(n_orders: int, n_techs: int, day_start: datetime, seed: int = 7) -> None:
    """Technicians, customers and ready orders of one day, through the server's services."""
    from decimal import Decimal

    from server.accounts import service as accounts
    from server.customers import service as customers
    from server.extensions import db
    from server.orders.service import add_order
    from server.orders.transitions import TransitionRequest, move
    from server.policy.seed import ensure_defaults
    from server.technicians import service as technicians

    rng = random.Random(seed)
    ensure_defaults()
    accounts.add_user(None, "dispatcher", "dispatcher", PASSWORD, "Benchmark dispatcher")
    for k in range(n_techs):
        lat, lon = _point(rng, 12)
        start, end = SHIFTS[k % len(SHIFTS)]
        technicians.add_technician(
            None,
            {
                "username": f"bench{k + 1:02d}",
                "password": PASSWORD,
                "full_name": f"Technician {k + 1:02d}",
                "phone": "",
                "skills": SKILL_SETS[k % len(SKILL_SETS)],
                "shift_start": clock.fromisoformat(start),
                "shift_end": clock.fromisoformat(end),
                "home_address": f"Home base {k + 1}",
                "home_lat": lat,
                "home_lon": lon,
                "color": PALETTE[k % len(PALETTE)],
            },
        )
    people = [
        customers.add_customer({"name": f"Customer {c + 1:03d}", "grade": rng.choice("AABBBCCCCC")})
        for c in range(80)
    ]
    templates = _templates()
    kinds = [kind for kind, _ in KIND_MIX]
    weights = [w for _, w in KIND_MIX]
    for n in range(n_orders):
        kind = rng.choices(kinds, weights)[0]
        lat, lon = _point(rng, 15)
        data = dict(templates[kind])
        if "lel_percent" in data:
            data["lel_percent"] = Decimal(str(data["lel_percent"]))
        if data.get("purchase_date"):
            data["purchase_date"] = datetime.fromisoformat(data["purchase_date"]).date()
        if kind == "gas_leak":
            data["leak_grade"] = rng.choice([2, 3, 3])
        data.update(
            customer_id=rng.choice(people).id,
            site={"address": f"{n + 1} Benchmark Road, Hangzhou", "lat": lat, "lon": lon},
            reported_at=day_start - timedelta(minutes=rng.randint(0, 180)),
            priority=rng.randint(1, 5),
        )
        order = add_order(None, data, now=day_start)
        if order.status == "new":
            move(None, order, TransitionRequest(to="ready", version=order.version), day_start)
    db.session.commit()
