"""Recording money: collections from the field and reversals by finance."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from server.accounts.models import User
from server.audit import service as audit
from server.errors import Conflict, NotFound, ValidationFailed
from server.extensions import db
from server.finance.models import FeeEntry
from server.timeutil import utcnow


@dataclass(frozen=True)
class Collection:
    """One fee collected on site, as the technician's phone reports it."""

    uuid: str
    order_id: int
    technician_id: int
    amount: Decimal
    currency: str
    method: str
    receipt_no: str
    collected_at: datetime
    invoice_requested: bool = False


def add_collection(actor: User, collection: Collection) -> FeeEntry:
    """Append a collection entry (flushes only); a repeated receipt number is refused."""
    if collection.amount <= 0:
        raise ValidationFailed(
            "The amount must be positive.", details={"amount": ["Must be greater than 0."]}
        )
    taken = db.session.scalar(
        select(FeeEntry.id).where(FeeEntry.receipt_no == collection.receipt_no)
    )
    if taken:
        raise Conflict(
            "That receipt number is already used.",
            code="duplicate_receipt",
            details={"receipt_no": [f"{collection.receipt_no} is already recorded."]},
        )
    entry = FeeEntry(
        uuid=collection.uuid,
        entry_type="collection",
        order_id=collection.order_id,
        technician_id=collection.technician_id,
        amount=collection.amount,
        currency=collection.currency,
        method=collection.method,
        receipt_no=collection.receipt_no,
        invoice_requested=collection.invoice_requested,
        collected_at=collection.collected_at,
        recorded_by_id=actor.id,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def reverse_entry(actor: User, entry_id: int, reason: str) -> FeeEntry:
    """Undo a collection with a reversal entry of the negated amount; one reversal each."""
    original = db.session.get(FeeEntry, entry_id)
    if original is None:
        raise NotFound(f"No ledger entry {entry_id}.")
    if original.entry_type != "collection":
        raise Conflict("Only a collection can be reversed.", code="not_reversible")
    if db.session.scalar(select(FeeEntry.id).where(FeeEntry.reverses_id == original.id)):
        raise Conflict("This entry is already reversed.", code="already_reversed")
    if not reason.strip():
        raise ValidationFailed("Say why.", details={"reason": ["Required for a reversal."]})
    reversal = FeeEntry(
        uuid=str(uuidlib.uuid4()),
        entry_type="reversal",
        order_id=original.order_id,
        technician_id=original.technician_id,
        amount=-original.amount,
        currency=original.currency,
        method=original.method,
        collected_at=original.collected_at,
        recorded_at=utcnow(),
        recorded_by_id=actor.id,
        reverses_id=original.id,
        reason=reason.strip(),
    )
    db.session.add(reversal)
    audit.record(actor, "fee_entry", original.id, "reversed", {"reason": reversal.reason})
    db.session.commit()
    return reversal
