"""Load the default policies from fixtures/policy/defaults.json into an empty database."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.extensions import db
from server.policy.models import CalendarDay, DeadlineRule, KindPolicy


def default_policy() -> dict[str, Any]:
    path = current_app.config["FIXTURES_DIR"] / "policy" / "defaults.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def ensure_defaults() -> None:
    """Insert the default policies when none exist yet (flushes; the caller commits)."""
    if db.session.scalar(select(KindPolicy.kind).limit(1)) is not None:
        return
    data = default_policy()
    try:
        with db.session.begin_nested():
            db.session.add_all(KindPolicy(**row) for row in data["kinds"])
            db.session.add_all(DeadlineRule(**row) for row in data["deadlines"])
            db.session.add_all(
                CalendarDay(
                    day=date.fromisoformat(row["day"]), working=row["working"], name=row["name"]
                )
                for row in data["calendar"]
            )
    except IntegrityError:
        pass  # a concurrent request seeded them first; its rows are what we read from now on
