"""The benchmark's own PostgreSQL schema: create, seed, check, drop."""

from __future__ import annotations

import os
from datetime import time as clock
from decimal import Decimal
from typing import Any

from benchmarks.sync_load import PASSWORD, PG
from benchmarks.sync_load.devices import Device
from server.serving import FAST_KDF


def env_for(schema: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}?options=-csearch_path%3D{schema}",
        "SECRET_KEY": "sync-bench",
        **FAST_KDF,
        "BLOB_DIR": f"/tmp/{schema}-blobs",
    }


def manage_schema(action: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    from server.config import normalise_db_url

    engine = create_engine(normalise_db_url(PG), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if action == "create":
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        else:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def seed(env: dict[str, str], devices: int) -> None:
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


def check_effects(env: dict[str, str], devices: list[Device]) -> dict[str, Any]:
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
