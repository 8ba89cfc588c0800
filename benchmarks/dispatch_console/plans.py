"""Optimise → committed, through the HTTP API in process (Flask test client)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import time as clock
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchmarks.dispatch_console import (
    PASSWORD,
)
from benchmarks.dispatch_console.day import generate_day


def settings_for(db_path: Path) -> dict[str, Any]:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "SECRET_KEY": "benchmark-secret",
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_KIB": 1024,
        "DISPATCH_AUTO_REPLAN": False,
    }


@dataclass
class PlanTiming:
    label: str
    plan_date: str
    orders: int
    technicians: int
    solve_s: float
    commit_s: float
    total_s: float
    planned: int
    unassigned: int
    objective: dict[str, Any]


def prepare(db_path: Path, kind: str, n_orders: int, n_techs: int) -> str:
    """Migrate a fresh database and fill it; returns the day to plan (ISO)."""
    from flask_migrate import upgrade

    from server import create_app
    from server.demo.service import load_demo
    from server.timeutil import at_local, local_date, utcnow

    app = create_app(settings_for(db_path))
    with app.app_context():
        upgrade(revision="heads")
        if kind == "demo":
            load_demo()
            return local_date(utcnow()).isoformat()
        tomorrow = local_date(utcnow()) + timedelta(days=1)
        generate_day(n_orders, n_techs, at_local(tomorrow, clock(6, 30)))
        return tomorrow.isoformat()


def _body(response: Any) -> Any:
    return json.loads(response.data)


def time_plan(db_path: Path, label: str, day: str, time_limit_s: float) -> PlanTiming:
    """POST /plans → poll until done → POST commit, through the API in process."""
    from server import create_app

    app = create_app(settings_for(db_path))
    client = app.test_client()
    login = client.post("/api/v1/auth/login", json={"username": "dispatcher", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {_body(login)['token']}"}
    board = _body(client.get(f"/api/v1/dispatch/board?date={day}", headers=headers))
    open_orders = sum(1 for o in board["orders"] if o["order"]["status"] != "completed")
    started = time.perf_counter()
    started_plan = client.post(
        "/api/v1/dispatch/plans", json={"date": day, "time_limit_s": time_limit_s}, headers=headers
    )
    plan_id = _body(started_plan)["id"]
    while True:
        plan = _body(client.get(f"/api/v1/dispatch/plans/{plan_id}", headers=headers))
        if plan["status"] not in ("queued", "running"):
            break
        time.sleep(0.05)
    done = time.perf_counter()
    if plan["status"] != "done":
        raise RuntimeError(f"plan {plan_id} ended {plan['status']}: {plan.get('error')}")
    commit = client.post(f"/api/v1/dispatch/plans/{plan_id}/commit", headers=headers)
    committed = time.perf_counter()
    if commit.status_code != 200:
        raise RuntimeError(f"commit refused: {commit.data!r}")
    return PlanTiming(
        label=label,
        plan_date=day,
        orders=open_orders,
        technicians=len(board["technicians"]),
        solve_s=done - started,
        commit_s=committed - done,
        total_s=committed - started,
        planned=sum(len(r["stops"]) for r in plan["routes"]),
        unassigned=len(plan["unassigned"]),
        objective=plan["objective"],
    )
