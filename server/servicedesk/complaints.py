"""Complaints: intake with an automatic tier, deadlines, first contact, escalation, closing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.accounts.models import User
from server.audit import service as audit
from server.customers.models import Customer
from server.errors import Conflict, NotFound, ValidationFailed
from server.extensions import db
from server.orders.models import WorkOrder
from server.policy.calendar import add_working_days
from server.servicedesk.models import INVESTIGATION, Complaint
from server.servicedesk.policy import complaint_tier, desk_policy
from server.timeutil import utcnow


@dataclass(frozen=True)
class Intake:
    channel: str
    customer_id: int
    summary: str
    order_id: int | None = None
    households_affected: int = 1
    compensation: Decimal = Decimal("0.00")
    media_or_litigation: bool = False
    received_at: datetime | None = None


def _check_links(intake: Intake) -> None:
    if db.session.get(Customer, intake.customer_id) is None:
        raise ValidationFailed("No such customer.", details={"customer_id": ["Unknown customer."]})
    if intake.order_id is None:
        return
    order = db.session.get(WorkOrder, intake.order_id)
    if order is None:
        raise ValidationFailed("No such order.", details={"order_id": ["Unknown order."]})
    if order.customer_id != intake.customer_id:
        raise ValidationFailed(
            "The order is not this customer's.",
            details={"order_id": [f"{order.number} is another customer's order."]},
        )


def _escalate(complaint: Complaint, now: datetime) -> None:
    """A customer complaining again through another channel escalates the open complaint."""
    earlier = db.session.scalars(
        select(Complaint)
        .where(
            Complaint.customer_id == complaint.customer_id,
            Complaint.status == "open",
            Complaint.id != complaint.id,
        )
        .order_by(Complaint.id)
    ).all()
    other = [c for c in earlier if c.channel != complaint.channel]
    if not other:
        return
    first = other[0]
    complaint.repeat_of_id = first.id
    complaint.escalated_at = now
    for row in other:
        row.escalated_at = row.escalated_at or now


def open_complaint(actor: User, intake: Intake) -> Complaint:
    """Take a complaint in: tier from the rules, deadlines from the policy and calendar."""
    _check_links(intake)
    received = intake.received_at or utcnow()
    amount = Decimal(intake.compensation)
    tier = complaint_tier(intake.households_affected, amount, intake.media_or_litigation)
    complaint = Complaint(
        channel=intake.channel,
        customer_id=intake.customer_id,
        order_id=intake.order_id,
        summary=intake.summary,
        households_affected=intake.households_affected,
        compensation=amount,
        media_or_litigation=intake.media_or_litigation,
        tier=tier["tier"],
        received_at=received,
        received_by_id=actor.id,
        first_contact_due=received + timedelta(hours=int(desk_policy()["first_contact_hours"])),
        resolution_due=add_working_days(received, int(tier["resolve_working_days"])),
    )
    db.session.add(complaint)
    db.session.flush()
    _escalate(complaint, utcnow())
    audit.record(actor, "complaint", complaint.id, "opened", {"tier": complaint.tier})
    db.session.commit()
    return complaint


def get_complaint(complaint_id: int) -> Complaint:
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None:
        raise NotFound(f"No complaint {complaint_id}.")
    return complaint


def list_complaints(status: str | None = None) -> list[Complaint]:
    query = (
        select(Complaint)
        .options(
            selectinload(Complaint.customer),
            selectinload(Complaint.order),
            selectinload(Complaint.owner),
        )
        .order_by(Complaint.status.desc(), Complaint.resolution_due)
    )
    if status:
        query = query.where(Complaint.status == status)
    return list(db.session.scalars(query))


def _open(complaint_id: int) -> Complaint:
    complaint = get_complaint(complaint_id)
    if complaint.status != "open":
        raise Conflict("The complaint is closed.", code="complaint_closed")
    return complaint


def record_first_contact(actor: User, complaint_id: int, notes: str) -> Complaint:
    """Whoever makes the first contact owns the complaint."""
    complaint = _open(complaint_id)
    if complaint.first_contact_at is not None:
        raise Conflict("First contact is already recorded.", code="already_contacted")
    complaint.first_contact_at, complaint.first_contact_notes = utcnow(), notes
    complaint.owner_id = actor.id
    audit.record(actor, "complaint", complaint.id, "first_contact", {"owner": actor.username})
    db.session.commit()
    return complaint


def close_complaint(actor: User, complaint_id: int, record: dict[str, Any]) -> Complaint:
    """Close with the investigation record and the reply; every part is required."""
    complaint = _open(complaint_id)
    missing = {
        field: ["Required to close."]
        for field in (*INVESTIGATION, "reply")
        if not str(record.get(field) or "").strip()
    }
    if missing:
        raise ValidationFailed("The investigation record is incomplete.", details=missing)
    for field in (*INVESTIGATION, "reply"):
        setattr(complaint, field, record[field].strip())
    complaint.status, complaint.closed_at, complaint.closed_by_id = "closed", utcnow(), actor.id
    audit.record(actor, "complaint", complaint.id, "closed", {"conclusion": complaint.conclusion})
    db.session.commit()
    return complaint


def deadline_state(due: datetime, done: datetime | None, now: datetime) -> str:
    """on_time / late (done) or pending / overdue (not yet)."""
    if done is not None:
        return "on_time" if done <= due else "late"
    return "pending" if now <= due else "overdue"
