"""Who may read which order, and the optimistic version check."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false

from server.accounts.models import User
from server.errors import Conflict, Forbidden
from server.orders.models import WorkOrder
from server.technicians.service import technician_for_user


def own_technician_id(user: User) -> int | None:
    technician = technician_for_user(user)
    return technician.id if technician else None


def check_can_read(user: User, order: WorkOrder) -> None:
    if user.role == "technician" and order.technician_id != own_technician_id(user):
        raise Forbidden("This order is not assigned to you.", code="not_your_order")


def scope_for(user: User, technician_id: int | None) -> list[ColumnElement[bool]]:
    """Filters that limit a listing to what ``user`` may see."""
    if user.role == "technician":
        own = own_technician_id(user)
        if technician_id is not None and technician_id != own:
            raise Forbidden("Technicians see only their own orders.", code="not_your_order")
        return [WorkOrder.technician_id == own] if own else [false()]
    return [WorkOrder.technician_id == technician_id] if technician_id is not None else []


def current_state(order: WorkOrder) -> dict[str, Any]:
    return {"status": order.status, "version": order.version, "technician_id": order.technician_id}


def check_version(order: WorkOrder, version: int) -> None:
    if order.version != version:
        raise Conflict(
            f"The order changed meanwhile (now version {order.version}); reload and retry.",
            code="version_conflict",
            details=current_state(order),
        )
