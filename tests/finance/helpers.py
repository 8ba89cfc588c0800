"""Building money and finished work for the finance, service-desk and report tests."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from server.accounts.models import User
from server.extensions import db
from server.finance.models import FeeEntry
from server.finance.service import Collection, add_collection
from server.orders.models import WorkOrder
from server.orders.transitions import TransitionRequest, move
from server.technicians.models import Technician
from tests.factories import make_order

_receipts = itertools.count(1)


def complete(order: WorkOrder, technician: Technician, at: datetime) -> WorkOrder:
    """Walk ``order`` to completed by ``technician``, finishing at ``at``."""
    if order.status == "new":
        move(None, order, TransitionRequest(to="ready", version=order.version), at)
    steps = [("assigned", ""), ("en_route", ""), ("on_site", ""), ("completed", "Fixed.")]
    for to, notes in steps:
        request = TransitionRequest(
            to=to,
            version=order.version,
            notes=notes,
            technician_id=technician.id if to == "assigned" else None,
            device_at=at if to == "completed" else None,
        )
        move(None, order, request, at)
    db.session.commit()
    return order


def completed_order(technician: Technician, at: datetime, **overrides: Any) -> WorkOrder:
    return complete(make_order(**overrides), technician, at)


def collect(
    actor: User,
    technician: Technician,
    amount: str,
    at: datetime,
    order: WorkOrder | None = None,
    method: str = "cash",
) -> FeeEntry:
    """Record a fee as the sync code would (order may be None: money without an order)."""
    entry = add_collection(
        actor,
        Collection(
            uuid=str(uuid.uuid4()),
            order_id=order.id if order else None,
            technician_id=technician.id,
            amount=Decimal(amount),
            currency="CNY",
            method=method,
            receipt_no=f"R{next(_receipts):06d}",
            collected_at=at,
        ),
    )
    db.session.commit()
    return entry
