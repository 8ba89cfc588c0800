"""Callbacks, the SMS messages sent, and complaints with their investigation record."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import User
from server.customers.models import Customer
from server.extensions import Model
from server.orders.models import WorkOrder
from server.timeutil import UTCDateTime, utcnow

OUTCOMES = ("satisfied", "not_satisfied", "unreachable")
CHANNELS = ("phone", "letter", "visit", "web")
INVESTIGATION = ("cause", "course", "responsible_party", "conclusion", "countermeasures")


class Callback(Model):
    """One call to the customer after a completion; never edited."""

    __tablename__ = "callbacks"
    __table_args__ = (
        CheckConstraint("outcome IN ('satisfied', 'not_satisfied', 'unreachable')", name="outcome"),
        CheckConstraint("score IS NULL OR score BETWEEN 1 AND 5", name="score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    agent_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    score: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    order: Mapped[WorkOrder] = relationship()
    agent: Mapped[User] = relationship()

    @property
    def on_time(self) -> bool:
        return self.made_at <= self.due_at


class SmsMessage(Model):
    """A text message to a customer, as sent (or only recorded) by the notifier."""

    __tablename__ = "sms_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("work_orders.id"), index=True)
    phone: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    notifier: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12))
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Complaint(Model):
    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint("channel IN ('phone', 'letter', 'visit', 'web')", name="channel"),
        CheckConstraint("status IN ('open', 'closed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("work_orders.id"))
    summary: Mapped[str] = mapped_column(Text)
    households_affected: Mapped[int] = mapped_column(default=1)
    compensation: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))
    media_or_litigation: Mapped[bool] = mapped_column(default=False)
    tier: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(8), default="open")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    first_contact_due: Mapped[datetime] = mapped_column(UTCDateTime)
    resolution_due: Mapped[datetime] = mapped_column(UTCDateTime)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    first_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_contact_notes: Mapped[str] = mapped_column(Text, default="")
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    cause: Mapped[str] = mapped_column(Text, default="")
    course: Mapped[str] = mapped_column(Text, default="")
    responsible_party: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    countermeasures: Mapped[str] = mapped_column(Text, default="")
    reply: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    customer: Mapped[Customer] = relationship()
    order: Mapped[WorkOrder | None] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])

    @property
    def escalated(self) -> bool:
        return self.escalated_at is not None
