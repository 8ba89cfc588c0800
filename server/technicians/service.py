"""Technicians: look-ups, creation and the link between a user and a technician."""

from __future__ import annotations

from datetime import time
from typing import Any

from sqlalchemy import Select, select

from server.accounts import service as accounts
from server.accounts.models import User
from server.audit import service as audit
from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.technicians.models import Technician
from server.technicians.signals import send_leaving_plan


def technician_for_user(user: User) -> Technician | None:
    return db.session.scalar(select(Technician).where(Technician.user_id == user.id))


def _held(query: Select[Technician]) -> Select[Technician]:
    """``query`` read afresh under a shared row lock kept until commit: taking a technician
    off the plan (which updates the row) waits for this transaction, and this one, if it
    comes second, sees them off the plan."""
    return query.with_for_update(read=True).execution_options(populate_existing=True)


def get_technician(
    technician_id: int, field: str = "technician_id", *, hold: bool = False
) -> Technician:
    """The technician; with ``hold``, under :func:`_held`'s lock (to give them work)."""
    if hold:
        query = select(Technician).where(Technician.id == technician_id)
        technician = db.session.scalar(_held(query))
    else:
        technician = db.session.get(Technician, technician_id)
    if technician is None:
        raise NotFound(f"No technician {technician_id}.", details={field: ["Does not exist."]})
    return technician


def hold_technicians(technician_ids: list[int]) -> None:
    """Take :func:`_held`'s lock on several technicians at once, in id order, before any of
    their orders is written (a plan's commit), so that no lock waits in a circle."""
    ids = sorted(set(technician_ids))
    if ids:
        query = select(Technician).where(Technician.id.in_(ids)).order_by(Technician.id)
        db.session.scalars(_held(query)).all()


def technician_name(technician_id: int | None) -> str:
    """The technician's display name, or "" for none (or an unknown id)."""
    technician = db.session.get(Technician, technician_id) if technician_id else None
    return technician.name if technician else ""


def list_technicians(*, active_only: bool = False) -> list[Technician]:
    query = select(Technician).order_by(Technician.id)
    if active_only:
        query = query.where(Technician.active.is_(True))
    return list(db.session.scalars(query))


def _check_shift(start: time, end: time) -> None:
    if end <= start:
        raise ValidationFailed(
            "The shift ends before it starts.",
            details={"shift_end": ["Must be after the shift start."]},
        )


def add_technician(actor: User | None, data: dict[str, Any]) -> Technician:
    """Create the user and the technician together (flushes only)."""
    _check_shift(data["shift_start"], data["shift_end"])
    user = accounts.add_user(
        actor, data["username"], "technician", data["password"], data.get("full_name", "")
    )
    fields = {k: v for k, v in data.items() if k not in ("username", "password", "full_name")}
    technician = Technician(user=user, **fields)
    db.session.add(technician)
    db.session.flush()
    audit.record(actor, "technician", technician.id, "created", {"skills": technician.skills})
    return technician


def create_technician(actor: User, data: dict[str, Any]) -> Technician:
    technician = add_technician(actor, data)
    db.session.commit()
    return technician


def _recorded(value: object) -> object:
    """A value as the audit log keeps it: lists (skills) as lists, the rest as text."""
    return list(value) if isinstance(value, list) else str(value)


def _check_can_plan(technician: Technician, changes: dict[str, Any]) -> None:
    if changes.get("active") and not technician.user.active:
        raise ValidationFailed(
            "Their account is deactivated.",
            details={"active": ["Reactivate their account first: the plan needs them signed in."]},
        )


def update_technician(actor: User, technician_id: int, changes: dict[str, Any]) -> Technician:
    """Edit a technician's working details; taking them off the plan hands their unstarted
    work back to the pool in the same transaction."""
    technician = get_technician(technician_id)
    _check_can_plan(technician, changes)
    _check_shift(
        changes.get("shift_start", technician.shift_start),
        changes.get("shift_end", technician.shift_end),
    )
    diff = audit.apply_changes(technician, changes, shown=_recorded)
    if diff:  # a form saved unchanged records nothing
        audit.record(actor, "technician", technician.id, "updated", diff)
    if "active" in diff and not technician.active:
        send_leaving_plan(technician, actor)
    db.session.commit()
    return technician
