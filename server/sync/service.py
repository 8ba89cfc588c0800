"""Push (apply each mutation exactly once, in its own transaction) and pull (the change feed)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from server.accounts.models import User
from server.errors import AppError, Forbidden, ValidationFailed
from server.extensions import db
from server.orders.models import OPEN_STATUSES, WorkOrder
from server.sync import changes
from server.sync.apply import Intent, Outcome, RetryLater, apply_intent
from server.sync.models import SyncChange, SyncMutation
from server.sync.orders import order_entry
from server.sync.schemas import MUTATION, PAYLOADS
from server.technicians.models import Technician
from server.technicians.service import technician_for_user
from server.timeutil import local_date, local_midnight, operator_tz, utcnow

ATTEMPTS = 3


def _technician(actor: User) -> Technician:
    technician = technician_for_user(actor)
    if technician is None:
        raise Forbidden("Only technicians sync.", code="not_a_technician")
    return technician


def _result(mutation_id: str, outcome: Outcome, **extra: Any) -> dict[str, Any]:
    result = {"id": mutation_id, "status": outcome.status, **extra}
    if outcome.code:
        result.update(code=outcome.code, message=outcome.message or "")
    return result


def _stored_result(stored: SyncMutation, actor: User) -> dict[str, Any]:
    if stored.user_id != actor.id:
        taken = Outcome(
            "rejected", "mutation_id_taken", "This mutation id belongs to another user."
        )
        return _result(stored.id, taken)
    outcome = Outcome("duplicate", stored.code, stored.message)
    return _result(stored.id, outcome, original_status=stored.status)


def _intent(raw: Any, device_id: str) -> Intent:
    data = MUTATION.load(raw)
    return Intent(
        id=str(data["id"]),
        type=data["type"],
        order_id=data["order_id"],
        at=data["at"],
        device_id=data.get("device_id") or device_id,
        payload=data["payload"],
    )


def _checked(intent: Intent) -> Intent:
    """The intent with its payload loaded; a malformed payload is a recorded rejection."""
    try:
        payload = PAYLOADS[intent.type].load(intent.payload)
    except ValidationError as error:
        raise ValidationFailed(
            f"The {intent.type} data is invalid: {error.messages}", details=error.messages
        ) from error
    return replace(intent, payload=payload)


def _record(actor: User, intent: Intent, seq: int, outcome: Outcome) -> None:
    db.session.add(
        SyncMutation(
            id=intent.id,
            device_id=intent.device_id,
            seq=seq,
            user_id=actor.id,
            type=intent.type,
            order_id=intent.order_id,
            status=outcome.status,
            code=outcome.code,
            message=outcome.message,
            device_at=intent.at,
        )
    )


def _attempt(actor: User, technician_id: int, intent: Intent, seq: int) -> dict[str, Any]:
    """Apply and record one mutation in one transaction; a rejection is recorded too."""
    technician = db.session.get_one(Technician, technician_id)
    try:
        outcome = apply_intent(actor, technician, _checked(intent))
    except RetryLater as later:
        db.session.rollback()
        return _result(intent.id, Outcome("retry", later.code, later.message))
    except AppError as refusal:
        db.session.rollback()
        outcome = Outcome("rejected", refusal.code, refusal.message)
    _record(actor, intent, seq, outcome)
    db.session.commit()
    return _result(intent.id, outcome)


def push_one(actor: User, technician_id: int, device_id: str, raw: Any) -> dict[str, Any]:
    """One mutation, exactly once: the primary key on its id settles racing duplicates."""
    raw_id = str(raw.get("id", "")) if isinstance(raw, dict) else ""
    try:
        intent = _intent(raw, device_id)
    except ValidationError as error:
        return {
            "id": raw_id,
            "status": "rejected",
            "code": "validation_error",
            "message": f"The mutation is malformed: {error.messages}",
        }
    seq = int(raw["seq"])
    for attempt in range(ATTEMPTS):
        stored = db.session.get(SyncMutation, intent.id)
        if stored is not None:
            return _stored_result(stored, actor)
        try:
            return _attempt(actor, technician_id, intent, seq)
        except (IntegrityError, StaleDataError):
            db.session.rollback()
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def push(actor: User, device_id: str, mutations: list[Any]) -> list[dict[str, Any]]:
    """Apply a batch in order; each mutation commits on its own (design/sync.md)."""
    technician_id = _technician(actor).id
    db.session.commit()
    return [push_one(actor, technician_id, device_id, raw) for raw in mutations]


# --- pull ---------------------------------------------------------------------------------


def _snapshot(technician: Technician) -> dict[str, Any]:
    """Cursor 0: every order of today or still open, and the cursor they are current to."""
    cursor = changes.current_change_no()
    today = local_midnight(local_date(utcnow()))
    orders = db.session.scalars(
        select(WorkOrder)
        .where(
            WorkOrder.technician_id == technician.id,
            or_(
                WorkOrder.status.in_(OPEN_STATUSES),
                WorkOrder.completed_at >= today,
                WorkOrder.scheduled_start >= today,
            ),
        )
        .order_by(WorkOrder.id)
    )
    entries = [order_entry(order, technician, cursor) for order in orders]
    return {"changes": entries, "cursor": cursor, "more": False, "full": True}


def pull(actor: User, cursor: int, limit: int) -> dict[str, Any]:
    """Orders changed for this technician after ``cursor`` (the whole day when it is 0),
    and the operator's time zone, which the app shows every time in (and keeps offline)."""
    technician = _technician(actor)
    feed = _snapshot(technician) if cursor == 0 else _changes(technician, cursor, limit)
    return {**feed, "timezone": operator_tz().key}


def _changes(technician: Technician, cursor: int, limit: int) -> dict[str, Any]:
    latest = func.max(SyncChange.change_no).label("latest")
    rows = db.session.execute(
        select(SyncChange.order_id, latest)
        .where(SyncChange.technician_id == technician.id, SyncChange.change_no > cursor)
        .group_by(SyncChange.order_id)
        .order_by(latest)
        .limit(limit)
    ).all()
    orders = db.session.scalars(select(WorkOrder).where(WorkOrder.id.in_([r[0] for r in rows])))
    by_id = {order.id: order for order in orders}
    entries = [order_entry(by_id[order_id], technician, no) for order_id, no in rows]
    new_cursor = rows[-1][1] if rows else cursor
    return {"changes": entries, "cursor": new_cursor, "more": len(rows) == limit, "full": False}
