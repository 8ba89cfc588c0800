"""A technician who goes off the plan (sick, away, their login closed) hands back the work
they have not started: it returns to the pool for the next plan. Work under way stays theirs."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from server.accounts.models import User
from server.extensions import db
from server.orders.models import WorkOrder
from server.orders.transitions import back_to_pool
from server.technicians.models import Technician
from server.technicians.signals import leaving_plan
from server.timeutil import utcnow


def release_planned_work(technician: Technician, actor: User | None) -> None:
    """Move the technician's assigned orders back to the pool, each with its event (flushes only)."""
    query = select(WorkOrder).where(
        WorkOrder.technician_id == technician.id, WorkOrder.status == "assigned"
    )
    now = utcnow()
    for order in db.session.scalars(query.order_by(WorkOrder.id)).all():
        back_to_pool(actor, order, f"{technician.name} is away.", now)


def connect_roster(app: Flask) -> None:
    def on_leaving(sender: Any, technician: Technician, actor: User | None, **_: Any) -> None:
        release_planned_work(technician, actor)

    leaving_plan.connect(on_leaving, sender=app, weak=False)
