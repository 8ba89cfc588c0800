"""An emergency (grade-1 gas leak) triggers a suggested re-plan that keeps started work."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

from server.dispatch import service
from server.orders.models import WorkOrder
from server.orders.service import order_created
from server.timeutil import local_date, utcnow

REPLAN_SECONDS = 2.0


def is_emergency(order: WorkOrder) -> bool:
    return order.kind == "gas_leak" and order.leak_grade == 1 and order.status == "ready"


def suggest_replan(order: WorkOrder) -> None:
    """Queue a re-plan of today from the last committed plan, for the dispatcher to review.

    The plan weighs deadlines at least as much as the configured default, even when the
    committed plan favoured driving: the leak's response time is a regulatory one.
    """
    today = local_date(utcnow())
    previous = service.latest_committed(today)
    weight = current_app.config["DISPATCH_LATENESS_WEIGHT"]
    if previous is not None:
        weight = max(weight, previous.lateness_weight)
    service.start_plan(
        None,
        today,
        REPLAN_SECONDS,
        lateness_weight=weight,
        trigger=f"emergency {order.number}",
        previous=previous,
    )


def connect_emergency_replan(app: Flask) -> None:
    def on_created(sender: Any, order: WorkOrder, **_: Any) -> None:
        if app.config["DISPATCH_AUTO_REPLAN"] and is_emergency(order):
            suggest_replan(order)

    order_created.connect(on_created, sender=app, weak=False)
