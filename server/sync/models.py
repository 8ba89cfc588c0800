"""The mutation log (idempotency), the change counter and the per-technician change feed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.timeutil import UTCDateTime, utcnow

RESULTS = ("applied", "duplicate", "rejected", "retry")


class SyncMutation(Model):
    """One mutation from a phone, recorded once: its id is the primary key."""

    __tablename__ = "sync_mutations"
    __table_args__ = (Index("ix_sync_mutations_device_seq", "device_id", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    type: Mapped[str] = mapped_column(String(24))
    order_id: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(10))
    code: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str | None] = mapped_column(Text)
    device_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncCounter(Model):
    """A single row: the last change number handed out (updated under its row lock)."""

    __tablename__ = "sync_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class SyncChange(Model):
    """Order ``order_id`` changed at ``change_no`` in a way ``technician_id`` must pull."""

    __tablename__ = "sync_changes"
    __table_args__ = (Index("ix_sync_changes_technician_change", "technician_id", "change_no"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    change_no: Mapped[int] = mapped_column(BigInteger)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"))
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id"))
