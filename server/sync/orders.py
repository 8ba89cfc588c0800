"""An order as the technician app pulls it: the detail, facts, notes and attachments."""

from __future__ import annotations

from typing import Any

from server.fieldwork import service as fieldwork
from server.fieldwork.schemas import ATTACHMENTS, NOTES
from server.orders.models import WorkOrder
from server.orders.schemas import OrderDetailOut
from server.technicians.models import Technician

ORDER = OrderDetailOut()


def _order_state(order: WorkOrder) -> dict[str, Any]:
    data: dict[str, Any] = ORDER.dump(order)
    data["contact"] = {"name": order.customer.name, "phone": order.customer.phone}
    notes = fieldwork.notes_of(order.id)
    data["notes"] = NOTES.dump(notes)
    data["notes_version"] = max((note.revision for note in notes), default=0)
    data["attachments"] = ATTACHMENTS.dump(fieldwork.attachments_of(order.id))
    return data


def order_entry(order: WorkOrder, technician: Technician, change_no: int) -> dict[str, Any]:
    """A change: the order's whole state, or its removal when it went to someone else."""
    if order.technician_id != technician.id:
        return {
            "type": "order_removed",
            "order_id": order.id,
            "number": order.number,
            "reason": "reassigned",
            "change_no": change_no,
        }
    return {
        "type": "order",
        "order_id": order.id,
        "change_no": change_no,
        "order": _order_state(order),
    }
