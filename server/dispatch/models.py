"""Optimisation plans: a job's state, its result and what it was built from."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.timeutil import UTCDateTime, utcnow

PLAN_STATUSES = ("queued", "running", "done", "failed", "cancelled", "discarded")
#: States of a plan that is on its way or, once done and uncommitted, waits for review.
AWAITING_REVIEW = ("queued", "running", "done")


class DispatchPlan(Model):
    """One optimisation run for a day; versioned by its id, committed at most once."""

    __tablename__ = "dispatch_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_date: Mapped[date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(12), default="queued")
    progress: Mapped[float] = mapped_column(default=0.0)
    time_limit_s: Mapped[float]
    # Seconds of driving a rate-weighted second late is worth: 1 puts deadlines first.
    lateness_weight: Mapped[float] = mapped_column(default=1.0, server_default="1")
    # Share of leak repairs to keep on time, lateness priced below the weight where it allows
    # (routing.Problem.on_time_target); None: priced at the weight throughout.
    on_time_target: Mapped[float | None]
    trigger: Mapped[str] = mapped_column(String(40), default="manual")
    previous_plan_id: Mapped[int | None] = mapped_column(ForeignKey("dispatch_plans.id"))
    basis: Mapped[str] = mapped_column(String(64), default="")
    routes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    unassigned: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    objective: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    committed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    committed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
