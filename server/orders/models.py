"""Work orders, their event history and the monthly number counter."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import User
from server.customers.models import Customer, Site
from server.extensions import Model
from server.technicians.models import Technician
from server.timeutil import UTCDateTime, utcnow

STATUSES = (
    "new",
    "ready",
    "assigned",
    "en_route",
    "on_site",
    "on_hold",
    "completed",
    "closed",
    "cancelled",
)
OPEN_STATUSES = ("new", "ready", "assigned", "en_route", "on_site", "on_hold")


class WorkOrder(Model):
    __tablename__ = "work_orders"
    __table_args__ = (
        Index("ix_work_orders_status_due", "status", "due_at"),
        Index("ix_work_orders_technician_status", "technician_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int]
    version: Mapped[int] = mapped_column(default=1)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    skill: Mapped[str] = mapped_column(String(16))
    duration_min: Mapped[int]

    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    respond_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    make_safe_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    size_class: Mapped[str] = mapped_column(String(32), default="")
    deadline_hard: Mapped[bool] = mapped_column(default=False)
    appointment_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    appointment_end: Mapped[datetime | None] = mapped_column(UTCDateTime)

    technician_id: Mapped[int | None] = mapped_column(ForeignKey("technicians.id"))
    scheduled_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    scheduled_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The day an assigned order is planned for (a committed plan's or a dispatcher's);
    # None: today. See server.dispatch.problem.work_day.
    work_date: Mapped[date | None]
    locked: Mapped[bool] = mapped_column(default=False)

    pipe_diameter_mm: Mapped[int | None]
    leak_location: Mapped[str | None] = mapped_column(String(200))
    leak_grade: Mapped[int | None]
    lel_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    lel_measured_at: Mapped[str | None] = mapped_column(String(32))
    pressure_class: Mapped[str | None] = mapped_column(String(16))
    vehicle_plate: Mapped[str | None] = mapped_column(String(20))
    driver: Mapped[str | None] = mapped_column(String(120))
    terminal_model: Mapped[str | None] = mapped_column(String(80))
    fault_symptom: Mapped[str | None] = mapped_column(String(300))
    product_model: Mapped[str | None] = mapped_column(String(80))
    purchase_date: Mapped[date | None]

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # every dump and the dispatch problem read both: load them per batch, not per order
    customer: Mapped[Customer] = relationship(lazy="selectin")
    site: Mapped[Site] = relationship(lazy="selectin")
    technician: Mapped[Technician | None] = relationship()
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", order_by="OrderEvent.id"
    )

    __mapper_args__ = {"version_id_col": version}


class OrderEvent(Model):
    """One step of an order's history; never updated or deleted."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    type: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    device_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("technicians.id"))
    notes: Mapped[str] = mapped_column(Text, default="")

    order: Mapped[WorkOrder] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class OrderCounter(Model):
    """The last serial handed out in a month (``YYYYMM``)."""

    __tablename__ = "order_counters"

    month: Mapped[str] = mapped_column(String(6), primary_key=True)
    last: Mapped[int]
