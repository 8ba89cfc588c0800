"""On-site facts: append-only rows keyed by the UUID the phone made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Model
from server.parts.models import Part
from server.timeutil import UTCDateTime, utcnow

SWAP_KINDS = ("terminal", "sim")
ATTACHMENT_KINDS = ("photo", "signature")


class PartUse(Model):
    __tablename__ = "part_uses"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id"))
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id"))
    quantity: Mapped[int]
    serial: Mapped[str | None] = mapped_column(String(40))
    device_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    part: Mapped[Part] = relationship()


class Swap(Model):
    """A terminal (serial/IMEI) or SIM (ICCID) taken out and another put in."""

    __tablename__ = "swaps"
    __table_args__ = (CheckConstraint("kind IN ('terminal', 'sim')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id"))
    kind: Mapped[str] = mapped_column(String(8))
    old_value: Mapped[str] = mapped_column(String(40))
    new_value: Mapped[str] = mapped_column(String(40))
    device_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Blob(Model):
    """Uploaded bytes (photo, signature), stored on disk by content hash."""

    __tablename__ = "blobs"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(80))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attachment(Model):
    __tablename__ = "attachments"
    __table_args__ = (CheckConstraint("kind IN ('photo', 'signature')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id"))
    kind: Mapped[str] = mapped_column(String(10))
    blob_id: Mapped[str] = mapped_column(ForeignKey("blobs.uuid"))
    caption: Mapped[str] = mapped_column(String(200), default="")
    device_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Note(Model):
    """A revision of an order's free-text notes; a conflicting one keeps both texts."""

    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("order_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id"))
    device_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    base_version: Mapped[int]
    revision: Mapped[int]
    conflict: Mapped[bool] = mapped_column(default=False)
    other_text: Mapped[str | None] = mapped_column(Text)
    device_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
