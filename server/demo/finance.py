"""Demo money and service-desk activity on the demo day: fees, handovers, callbacks, complaints."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from server.accounts.models import User
from server.extensions import db
from server.fieldwork.service import Fact, record_part_use
from server.finance.models import CashHandover, FeeEntry
from server.finance.service import Collection, add_collection
from server.orders.models import WorkOrder
from server.orders.transitions import TransitionRequest, move
from server.parts.models import Part
from server.policy.calendar import add_working_days
from server.servicedesk.models import Callback, Complaint
from server.servicedesk.notify import send_sms
from server.servicedesk.policy import callback_due, complaint_tier, desk_policy

FEES = ("180.00", "95.50", "260.00", "45.80", "120.00", "310.25")


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    assert user is not None
    return user


def _fees(orders: list[WorkOrder], finance: User) -> None:
    for i, order in enumerate(orders[: len(FEES)]):
        assert order.technician_id is not None
        assert order.completed_at is not None
        add_collection(
            finance,
            Collection(
                uuid=str(uuid.uuid4()),
                order_id=order.id,
                technician_id=order.technician_id,
                amount=Decimal(FEES[i]),
                currency="CNY",
                method="card" if i == 3 else "cash",
                receipt_no=f"RC-DEMO-{i + 1:04d}",
                collected_at=order.completed_at - timedelta(minutes=5),
                invoice_requested=i == 0,
            ),
        )


def _reversal_and_handovers(finance: User, now: datetime) -> None:
    entries = list(db.session.scalars(select(FeeEntry).order_by(FeeEntry.id)))
    if len(entries) < 3:
        return
    wrong = entries[2]
    db.session.add(
        FeeEntry(
            uuid=str(uuid.uuid4()), entry_type="reversal", order_id=wrong.order_id,
            technician_id=wrong.technician_id, amount=-wrong.amount, currency="CNY",
            method=wrong.method, collected_at=wrong.collected_at, recorded_by_id=finance.id,
            reverses_id=wrong.id, reason="Entered twice on the phone; the customer paid once.",
        )
    )  # fmt: skip
    first = entries[0]
    db.session.add(
        CashHandover(
            technician_id=first.technician_id, amount=first.amount - Decimal("30.00"),
            received_at=min(now, first.collected_at + timedelta(hours=1)),
            received_by_id=finance.id, note="Partial: the rest tomorrow.",
        )
    )  # fmt: skip
    # money with no order behind it: what reconciliation must expose (at the moment of the
    # reversed entry, so that a demo day loaded around midnight keeps both on one day)
    add_collection(
        finance,
        Collection(
            uuid=str(uuid.uuid4()), order_id=None, technician_id=first.technician_id,
            amount=Decimal("88.00"), currency="CNY", method="cash", receipt_no="RC-DEMO-9001",
            collected_at=wrong.collected_at,
        ),
    )  # fmt: skip


def _callbacks(orders: list[WorkOrder], agent: User) -> None:
    """The earliest completions were called back; the rest wait in the queue."""
    for order, outcome in zip(orders[:2], ("satisfied", "unreachable"), strict=False):
        assert order.completed_at is not None
        made = order.completed_at + timedelta(minutes=7)
        db.session.add(
            Callback(
                order_id=order.id, completed_at=order.completed_at,
                due_at=callback_due(order.completed_at), made_at=made, agent_id=agent.id,
                outcome=outcome, score=5 if outcome == "satisfied" else None,
            )
        )  # fmt: skip
        if outcome == "satisfied":
            request = TransitionRequest(
                to="closed", version=order.version, notes="Callback: satisfied, score 5."
            )
            move(agent, order, request, made)
        else:
            send_sms(
                order.customer.phone,
                f"We tried to call you about work order {order.number}.",
                order.id,
            )


COMPLAINTS = (
    ("phone", 1, "0.00", False, "Technician arrived two hours after the agreed window."),
    (
        "letter",
        6,
        "12000.00",
        False,
        "Six flats flooded after the main burst; asks for compensation.",
    ),
    (
        "web",
        12,
        "0.00",
        True,
        "Gas smell reported twice before the leak was found; local TV called.",
    ),
)


def _complaints(orders: list[WorkOrder], agent: User, now: datetime) -> None:
    hours = int(desk_policy()["first_contact_hours"])
    for i, (channel, households, amount, exposure, summary) in enumerate(COMPLAINTS):
        order = orders[i % len(orders)]
        tier = complaint_tier(households, Decimal(amount), exposure)
        received = now - timedelta(hours=4 - i)
        db.session.add(
            Complaint(
                channel=channel, customer_id=order.customer_id, order_id=order.id, summary=summary,
                households_affected=households, compensation=Decimal(amount),
                media_or_litigation=exposure, tier=tier["tier"], received_at=received,
                received_by_id=agent.id, first_contact_due=received + timedelta(hours=hours),
                resolution_due=add_working_days(received, int(tier["resolve_working_days"])),
                owner_id=agent.id if i == 0 else None,
                first_contact_at=received + timedelta(minutes=40) if i == 0 else None,
                first_contact_notes="Apologised; confirmed the new window." if i == 0 else "",
            )
        )  # fmt: skip


def _parts_used(orders: list[WorkOrder]) -> None:
    """Each finished job used one untracked part of its trade (clamps, cable, sealant)."""
    parts = db.session.scalars(select(Part).where(Part.serial_tracked.is_(False))).all()
    by_skill = {part.skill: part for part in reversed(parts)}
    for order in orders:
        part = by_skill.get(order.skill)
        if part is None or order.technician_id is None or order.completed_at is None:
            continue
        fact = Fact(str(uuid.uuid4()), order.id, order.technician_id, order.completed_at)
        record_part_use(fact, {"part_id": part.id, "quantity": 1})


def load_finance_demo(now: datetime) -> None:
    """Add the demo day's money and desk activity (flushes; load_demo commits)."""
    orders = list(
        db.session.scalars(
            select(WorkOrder)
            .where(WorkOrder.status == "completed")
            .order_by(WorkOrder.completed_at)
        )
    )
    if not orders:
        return
    finance, agent = _user("finance"), _user("agent")
    _parts_used(orders)
    _fees(orders, finance)
    _reversal_and_handovers(finance, now)
    _callbacks(orders, agent)
    _complaints(orders, agent, now)
    db.session.flush()
