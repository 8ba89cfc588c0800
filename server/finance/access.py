"""Whose money a user may see: finance and admins everyone's, a technician their own."""

from __future__ import annotations

from server.accounts.models import User
from server.errors import Forbidden
from server.technicians.service import technician_for_user

LEDGER_ROLES = ("finance", "admin")


def visible_technician(actor: User, technician_id: int | None) -> int | None:
    """The technician filter to apply for ``actor``; ``None`` means every technician."""
    if actor.role in LEDGER_ROLES:
        return technician_id
    technician = technician_for_user(actor) if actor.role == "technician" else None
    if technician is None:
        raise Forbidden(f"The {actor.role} role cannot see the ledger.")
    if technician_id is not None and technician_id != technician.id:
        raise Forbidden("Technicians see only their own ledger.", code="not_your_ledger")
    return technician.id
