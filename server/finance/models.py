"""The fee ledger: append-only entries; a correction is a reversal entry."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import User
from server.extensions import Model
from server.orders.models import WorkOrder
from server.technicians.models import Technician
from server.timeutil import UTCDateTime, utcnow

METHODS = ("cash", "card", "transfer")


class FeeEntry(Model):
    """Money collected on site (``collection``) or the undoing of one (``reversal``).

    Rows are never updated or deleted. A reversal carries the negated amount of the entry
    it reverses, with the reason and its author.
    """

    __tablename__ = "fee_entries"
    __table_args__ = (
        CheckConstraint("entry_type IN ('collection', 'reversal')", name="entry_type"),
        CheckConstraint("method IN ('cash', 'card', 'transfer')", name="method"),
        Index("ix_fee_entries_technician_collected", "technician_id", "collected_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    entry_type: Mapped[str] = mapped_column(String(12))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("work_orders.id"), index=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id"))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(12))
    receipt_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    invoice_requested: Mapped[bool] = mapped_column(default=False)
    invoice_no: Mapped[str | None] = mapped_column(String(40))
    collected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("fee_entries.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text, default="")

    order: Mapped[WorkOrder | None] = relationship()
    technician: Mapped[Technician] = relationship()
    recorded_by: Mapped[User | None] = relationship()
    invoice: Mapped[Invoice | None] = relationship(back_populates="entry")
    reverses: Mapped[FeeEntry | None] = relationship(
        remote_side="FeeEntry.id", back_populates="reversal"
    )
    reversal: Mapped[FeeEntry | None] = relationship(back_populates="reverses")


class Invoice(Model):
    """An invoice issued for a collection; recorded once, never edited."""

    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    fee_entry_id: Mapped[int] = mapped_column(ForeignKey("fee_entries.id"), unique=True)
    invoice_no: Mapped[str] = mapped_column(String(40), unique=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    entry: Mapped[FeeEntry] = relationship(back_populates="invoice")


class CashHandover(Model):
    """Cash a technician handed in to finance; append-only like the ledger.

    A mistake is corrected by a further handover row of the negated amount that names
    the row it corrects (``corrects_id``) and says why.
    """

    __tablename__ = "cash_handovers"
    __table_args__ = (
        Index("ix_cash_handovers_technician_received", "technician_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id"))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("cash_handovers.id"), unique=True)

    technician: Mapped[Technician] = relationship()
    received_by: Mapped[User] = relationship()
