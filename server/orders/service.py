"""Work orders: create, read, list, edit. Transitions live in ``transitions.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask.signals import Namespace
from sqlalchemy import ColumnElement, func, or_, select

from server.accounts.models import User
from server.audit import service as audit
from server.customers import service as customers
from server.customers.models import Customer, Site
from server.errors import Forbidden, NotFound, ValidationFailed
from server.extensions import db
from server.orders.access import check_can_read, check_version, scope_for
from server.orders.deadlines import apply_deadlines
from server.orders.kinds import ALL_KIND_FIELDS, KIND_FIELDS, SIZE_ATTRIBUTE, suggest_gas_grade
from server.orders.models import OPEN_STATUSES, OrderEvent, WorkOrder
from server.orders.numbering import next_number
from server.policy import service as policy
from server.timeutil import utcnow

order_created = Namespace().signal("order-created")


def _customer_and_site(data: dict[str, Any]) -> tuple[Customer, Site]:
    if "customer_id" in data:
        customer = customers.get_customer(data["customer_id"])
    else:
        customer = customers.add_customer(data["customer"])
    if "site_id" in data:
        return customer, customers.site_of(customer, data["site_id"])
    return customer, customers.add_site(customer, data["site"])


def _kind_fields(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {name: data.get(name) for name in KIND_FIELDS[kind]}
    if kind == "gas_leak" and values["leak_grade"] is None:
        values["leak_grade"] = suggest_gas_grade(values["lel_percent"], values["lel_measured_at"])
    return values


def add_order(
    actor: User | None, data: dict[str, Any], *, now: datetime | None = None
) -> WorkOrder:
    """Build, number and insert an order with its deadlines (flushes only)."""
    now = now or utcnow()
    kind = data["kind"]
    rules = policy.kind_policy(kind)
    customer, site = _customer_and_site(data)
    order = WorkOrder(
        number=next_number(now),
        kind=kind,
        status="new" if rules.requires_approval else "ready",
        priority=data.get("priority") or rules.default_priority,
        duration_min=data.get("duration_min") or rules.default_duration_min,
        skill=rules.skill,
        customer=customer,
        site=site,
        description=data.get("description", ""),
        reported_at=data.get("reported_at") or now,
        appointment_start=data.get("appointment_start"),
        appointment_end=data.get("appointment_end"),
        created_by_id=actor.id if actor else None,
        created_at=now,
        **_kind_fields(kind, data),
    )
    if order.vehicle_plate:
        customers.ensure_vehicle(customer, order.vehicle_plate)
    apply_deadlines(order)
    db.session.add(order)
    db.session.flush()
    db.session.add(
        OrderEvent(
            order=order,
            type="created",
            actor_id=order.created_by_id,
            to_status=order.status,
            at=now,
        )
    )
    audit.record(actor, "order", order.id, "created", {"number": order.number, "kind": kind})
    return order


def create_order(actor: User, data: dict[str, Any]) -> WorkOrder:
    """Create and commit an order, then tell listeners (dispatch re-plans emergencies)."""
    order = add_order(actor, data)
    db.session.commit()
    order_created.send(current_app._get_current_object(), order=order)  # type: ignore[attr-defined]
    return order


def get_order(actor: User, order_id: int) -> WorkOrder:
    order = db.session.get(WorkOrder, order_id)
    if order is None:
        raise NotFound(f"No order {order_id}.")
    check_can_read(actor, order)
    return order


def _matching(text: str) -> ColumnElement[bool]:
    """Orders whose number holds ``text`` (any case), or whose customer it finds."""
    customer = select(Customer.id).where(customers.matching(text))
    number = func.lower(WorkOrder.number).like(f"%{text.lower()}%")
    return or_(number, WorkOrder.customer_id.in_(customer))


def list_orders(actor: User, filters: dict[str, Any]) -> tuple[list[WorkOrder], int]:
    query = select(WorkOrder).where(*scope_for(actor, filters.get("technician_id")))
    if filters.get("status"):
        query = query.where(WorkOrder.status.in_(filters["status"]))
    if filters.get("kind"):
        query = query.where(WorkOrder.kind.in_(filters["kind"]))
    if "ids" in filters:  # "ids=" lists none
        query = query.where(WorkOrder.id.in_(filters["ids"]))
    if filters.get("customer_id"):
        query = query.where(WorkOrder.customer_id == filters["customer_id"])
    if filters.get("q", "").strip():
        query = query.where(_matching(filters["q"].strip()))
    if filters.get("overdue"):
        query = query.where(WorkOrder.status.in_(OPEN_STATUSES), WorkOrder.due_at < utcnow())
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page, per_page = filters["page"], filters["per_page"]
    if filters.get("sort") == "newest":
        ordered = query.order_by(WorkOrder.id.desc())
    else:
        ordered = query.order_by(WorkOrder.due_at.is_(None), WorkOrder.due_at, WorkOrder.id)
    rows = db.session.scalars(ordered.limit(per_page).offset((page - 1) * per_page))
    return list(rows), total


def _check_own_fields(kind: str, changes: dict[str, Any]) -> None:
    foreign = changes.keys() & (ALL_KIND_FIELDS - set(KIND_FIELDS[kind]))
    if foreign:
        details = {name: [f"Not a field of {kind}."] for name in sorted(foreign)}
        raise ValidationFailed("Fields of another kind.", details=details)


def update_order(actor: User, order_id: int, version: int, changes: dict[str, Any]) -> WorkOrder:
    """Edit an order's details; deadlines follow when its size attributes change."""
    if actor.role not in ("admin", "dispatcher", "agent"):
        raise Forbidden(f"The {actor.role} role cannot edit orders.")
    order = get_order(actor, order_id)
    check_version(order, version)
    _check_own_fields(order.kind, changes)
    diff = audit.apply_changes(order, changes)
    size = SIZE_ATTRIBUTE.get(order.kind)
    if size in changes or {"reported_at", "appointment_end"} & changes.keys():
        apply_deadlines(order)
    db.session.add(
        OrderEvent(order=order, type="updated", actor_id=actor.id, notes=", ".join(sorted(diff)))
    )
    audit.record(actor, "order", order.id, "updated", diff)
    db.session.commit()
    return order


def recompute_deadlines(actor: User | None = None) -> int:
    """Recompute every open order's deadlines from the current policy; returns the count."""
    orders = db.session.scalars(select(WorkOrder).where(WorkOrder.status.in_(OPEN_STATUSES))).all()
    changed = 0
    for order in orders:
        before = (order.due_at, order.respond_by, order.make_safe_by)
        apply_deadlines(order)
        if before != (order.due_at, order.respond_by, order.make_safe_by):
            changed += 1
            audit.record(
                actor,
                "order",
                order.id,
                "deadline_recomputed",
                {"due_at": [str(before[0]), str(order.due_at)]},
            )
    db.session.commit()
    return changed
