"""Recording money: collections from the field and reversals by finance."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.accounts.models import User
from server.audit import service as audit
from server.errors import Conflict, NotFound, ValidationFailed
from server.extensions import db
from server.finance.access import visible_technician
from server.finance.models import CashHandover, FeeEntry, Invoice
from server.technicians.service import get_technician
from server.timeutil import local_midnight, utcnow

# What a dumped ledger entry reads, loaded for a whole page at once rather than per row.
ENTRY_RELATIONS = (
    selectinload(FeeEntry.order),
    selectinload(FeeEntry.technician),
    selectinload(FeeEntry.recorded_by),
    selectinload(FeeEntry.invoice),
    selectinload(FeeEntry.reversal),
)


@dataclass(frozen=True)
class Collection:
    """One fee collected on site, as the technician's phone reports it."""

    uuid: str
    order_id: int | None
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


def record_invoice(actor: User, entry_id: int, invoice_no: str) -> FeeEntry:
    """Record the invoice issued for a collection; once per entry, numbers unique."""
    entry = db.session.get(FeeEntry, entry_id)
    if entry is None:
        raise NotFound(f"No ledger entry {entry_id}.")
    if entry.entry_type != "collection":
        raise Conflict("Invoices belong to collections.", code="not_invoiceable")
    if entry.invoice is not None or entry.invoice_no:
        raise Conflict("This entry already has an invoice.", code="already_invoiced")
    if db.session.scalar(select(Invoice.id).where(Invoice.invoice_no == invoice_no)):
        raise Conflict(
            "That invoice number is already used.",
            code="duplicate_invoice",
            details={"invoice_no": [f"{invoice_no} is already recorded."]},
        )
    db.session.add(Invoice(entry=entry, invoice_no=invoice_no, recorded_by_id=actor.id))
    audit.record(actor, "fee_entry", entry.id, "invoiced", {"invoice_no": invoice_no})
    db.session.commit()
    return entry


@dataclass(frozen=True)
class Handover:
    """Cash a technician hands in, as finance records it."""

    technician_id: int
    amount: Decimal
    received_at: datetime
    note: str = ""
    currency: str = "CNY"


def record_handover(actor: User, handover: Handover) -> CashHandover:
    """Append a cash handover received by ``actor`` (finance or admin)."""
    get_technician(handover.technician_id)
    if handover.amount <= 0:
        raise ValidationFailed(
            "The amount must be positive.", details={"amount": ["Must be greater than 0."]}
        )
    if handover.received_at > utcnow():
        raise ValidationFailed(
            "Not in the future.", details={"received_at": ["Must not be in the future."]}
        )
    row = CashHandover(
        technician_id=handover.technician_id,
        amount=handover.amount,
        currency=handover.currency,
        received_at=handover.received_at,
        received_by_id=actor.id,
        note=handover.note,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(actor, "cash_handover", row.id, "received", {"amount": str(row.amount)})
    db.session.commit()
    return row


def list_entries(actor: User, technician_id: int | None, start: date, end: date) -> list[FeeEntry]:
    """Ledger entries collected on local days ``start..end``, as ``actor`` may see them."""
    who = visible_technician(actor, technician_id)
    query = (
        select(FeeEntry)
        .options(*ENTRY_RELATIONS)
        .where(
            FeeEntry.collected_at >= local_midnight(start),
            FeeEntry.collected_at < local_midnight(end + timedelta(days=1)),
        )
    )
    if who is not None:
        query = query.where(FeeEntry.technician_id == who)
    return list(db.session.scalars(query.order_by(FeeEntry.collected_at, FeeEntry.id)))


def list_handovers(
    actor: User, technician_id: int | None, start: date, end: date
) -> list[CashHandover]:
    """Handovers received on local days ``start..end``, as ``actor`` may see them."""
    who = visible_technician(actor, technician_id)
    query = (
        select(CashHandover)
        .options(selectinload(CashHandover.technician), selectinload(CashHandover.received_by))
        .where(
            CashHandover.received_at >= local_midnight(start),
            CashHandover.received_at < local_midnight(end + timedelta(days=1)),
        )
    )
    if who is not None:
        query = query.where(CashHandover.technician_id == who)
    return list(db.session.scalars(query.order_by(CashHandover.received_at, CashHandover.id)))
