"""Domain rules per mutation type: what a technician's intent means for the order.

Each handler runs inside the caller's transaction and either returns an ``Outcome``
(``applied``, or ``duplicate`` for a fact already recorded under the same UUID), raises an
``AppError`` (the mutation is rejected with its code) or raises ``RetryLater``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from server.accounts.models import User
from server.errors import Conflict, Forbidden, NotFound
from server.extensions import db
from server.fieldwork import blobs
from server.fieldwork import service as fieldwork
from server.fieldwork.service import Fact
from server.finance import service as finance
from server.finance.models import FeeEntry
from server.orders.models import OrderEvent, WorkOrder
from server.orders.transitions import TransitionRequest, move
from server.technicians.models import Technician
from server.timeutil import utcnow


@dataclass(frozen=True)
class Outcome:
    status: str
    code: str | None = None
    message: str | None = None


APPLIED = Outcome("applied")


class RetryLater(Exception):
    """Not yet: e.g. the blob a photo refers to has not been uploaded."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Intent:
    """A checked mutation, ready to apply."""

    id: str
    type: str
    order_id: int
    at: datetime
    device_id: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Context:
    actor: User
    technician: Technician
    order: WorkOrder
    intent: Intent

    def fact(self) -> Fact:
        uuid = self.intent.payload.get("uuid")
        return Fact(
            uuid=str(uuid) if uuid else self.intent.id,
            order_id=self.order.id,
            technician_id=self.technician.id,
            device_at=self.intent.at,
            device_id=self.intent.device_id,
        )


def _was_mine(order: WorkOrder, technician: Technician) -> bool:
    query = select(OrderEvent.id).where(
        OrderEvent.order_id == order.id, OrderEvent.technician_id == technician.id
    )
    return db.session.scalar(query.limit(1)) is not None


def load_order(technician: Technician, order_id: int) -> WorkOrder:
    """The order, if this technician may still act on it; the office's decision wins."""
    order = db.session.get(WorkOrder, order_id)
    if order is None:
        raise NotFound(f"No order {order_id}.")
    mine = order.technician_id == technician.id
    if not mine and not _was_mine(order, technician):
        raise Forbidden("This order is not assigned to you.", code="not_your_order")
    if order.status == "cancelled":
        raise Conflict(f"{order.number} was cancelled by the office.", code="order_cancelled")
    if not mine:
        raise Conflict(f"{order.number} was given to someone else.", code="order_reassigned")
    return order


# --- status: forward only ---------------------------------------------------------------

CHAIN = ("assigned", "en_route", "on_site", "completed")
RANK = {"assigned": 0, "en_route": 1, "on_site": 2, "on_hold": 3, "completed": 4, "closed": 5}


def _steps(current: str, target: str) -> list[str] | None:
    """The transitions from ``current`` to ``target``; [] when already past; None if impossible."""
    if current == target or RANK.get(current, -1) > RANK[target]:
        return []
    if target == "completed" and current != "on_site":
        return None  # completing needs an arrival on record
    if current in CHAIN and target in CHAIN:
        return list(CHAIN[CHAIN.index(current) + 1 : CHAIN.index(target) + 1])
    if target == "on_hold" and current in ("en_route", "on_site"):
        return [target]
    return None


def _advance(ctx: Context, target: str, notes: str = "") -> Outcome:
    order = ctx.order
    steps = _steps(order.status, target)
    if steps is None:
        raise Conflict(
            f"An order that is {order.status} cannot become {target}.",
            code="illegal_transition",
        )
    if not steps:
        return Outcome("applied", "stale", f"Already {order.status}; nothing to change.")
    now = utcnow()
    for step in steps:
        request = TransitionRequest(
            to=step,
            version=order.version,
            notes=notes if step == target else "",
            device_at=ctx.intent.at,
        )
        move(ctx.actor, order, request, now)
    return APPLIED


def _store_fix(ctx: Context, lat: float | None, lon: float | None) -> None:
    technician, at = ctx.technician, ctx.intent.at
    if lat is None or lon is None:
        return
    if technician.last_fix_at is None or technician.last_fix_at < at:
        technician.last_lat, technician.last_lon, technician.last_fix_at = lat, lon, at


def _en_route(ctx: Context, payload: dict[str, Any]) -> Outcome:
    return _advance(ctx, "en_route")


def _arrived(ctx: Context, payload: dict[str, Any]) -> Outcome:
    _store_fix(ctx, payload.get("lat"), payload.get("lon"))
    return _advance(ctx, "on_site")


HOLD_REASONS = {"awaiting_parts": "Awaiting parts", "no_access": "No access"}


def _hold(ctx: Context, payload: dict[str, Any]) -> Outcome:
    reason = HOLD_REASONS[payload["reason"]]
    notes = f"{reason}: {payload['notes']}" if payload["notes"].strip() else reason
    return _advance(ctx, "on_hold", notes)


def _complete(ctx: Context, payload: dict[str, Any]) -> Outcome:
    return _advance(ctx, "completed", payload["notes"])


# --- append-only facts ----------------------------------------------------------------

ALREADY = Outcome("duplicate", "already_recorded", "This fact is already recorded.")


def _fact(recorded: object) -> Outcome:
    return APPLIED if recorded is not None else ALREADY


def _part_use(ctx: Context, payload: dict[str, Any]) -> Outcome:
    return _fact(fieldwork.record_part_use(ctx.fact(), payload))


def _terminal_swap(ctx: Context, payload: dict[str, Any]) -> Outcome:
    swap = fieldwork.record_swap(
        ctx.fact(), "terminal", payload["old_serial"], payload["new_serial"]
    )
    return _fact(swap)


def _sim_swap(ctx: Context, payload: dict[str, Any]) -> Outcome:
    return _fact(
        fieldwork.record_swap(ctx.fact(), "sim", payload["old_iccid"], payload["new_iccid"])
    )


def _fee(ctx: Context, payload: dict[str, Any]) -> Outcome:
    fact = ctx.fact()
    if fieldwork.recorded(FeeEntry, fact.uuid):
        return ALREADY
    collection = finance.Collection(
        uuid=fact.uuid,
        order_id=fact.order_id,
        technician_id=fact.technician_id,
        amount=payload["amount"],
        currency=payload["currency"],
        method=payload["method"],
        receipt_no=payload["receipt_no"].strip(),
        collected_at=fact.device_at,
        invoice_requested=payload["invoice_requested"],
    )
    finance.add_collection(ctx.actor, collection)
    return APPLIED


def _attach(kind: str) -> Callable[[Context, dict[str, Any]], Outcome]:
    def handler(ctx: Context, payload: dict[str, Any]) -> Outcome:
        blob_id = str(payload["blob_id"])
        if not blobs.has_blob(blob_id):
            raise RetryLater("blob_missing", f"The {kind} has not been uploaded yet.")
        return _fact(fieldwork.record_attachment(ctx.fact(), kind, blob_id, payload["caption"]))

    return handler


def _note(ctx: Context, payload: dict[str, Any]) -> Outcome:
    note = fieldwork.record_note(ctx.fact(), payload["text"], payload["base_version"])
    if note is not None and note.conflict:
        return Outcome("applied", "note_conflict", "Someone else changed the notes; both kept.")
    return _fact(note)


HANDLERS: dict[str, Callable[[Context, dict[str, Any]], Outcome]] = {
    "order.en_route": _en_route,
    "order.arrived": _arrived,
    "order.hold": _hold,
    "order.complete": _complete,
    "part.use": _part_use,
    "terminal.swap": _terminal_swap,
    "sim.swap": _sim_swap,
    "fee.collect": _fee,
    "photo.attach": _attach("photo"),
    "signature.attach": _attach("signature"),
    "note.add": _note,
}


def apply_intent(actor: User, technician: Technician, intent: Intent) -> Outcome:
    """Check permission, then apply the rule of the intent's type (flushes only)."""
    order = load_order(technician, intent.order_id)
    ctx = Context(actor, technician, order, intent)
    location = intent.payload.get("location")
    if location:
        _store_fix(ctx, location["lat"], location["lon"])
    return HANDLERS[intent.type](ctx, intent.payload)
