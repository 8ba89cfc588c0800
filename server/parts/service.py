"""The parts catalogue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from server.accounts.models import User
from server.audit import service as audit
from server.errors import Conflict, NotFound
from server.extensions import db
from server.parts.models import Part

CENT = Decimal("0.01")


def list_parts(*, include_retired: bool = False) -> list[Part]:
    query = select(Part) if include_retired else select(Part).where(Part.active.is_(True))
    return list(db.session.scalars(query.order_by(Part.code)))


def add_part(actor: User | None, data: dict[str, Any]) -> Part:
    if db.session.scalar(select(Part.id).where(Part.code == data["code"])):
        raise Conflict(
            "Choose another code.",
            code="part_code_taken",
            details={"code": [f"{data['code']} is another part's code."]},
        )
    part = Part(**_in_cents(data))
    db.session.add(part)
    db.session.flush()
    audit.record(
        actor, "part", part.id, "created", {"code": part.code, "unit_price": str(part.unit_price)}
    )
    return part


def create_part(actor: User, data: dict[str, Any]) -> Part:
    part = add_part(actor, data)
    db.session.commit()
    return part


def _in_cents(data: dict[str, Any]) -> dict[str, Any]:
    """The price as the catalogue keeps it, two places ("14" is 14.00)."""
    if data.get("unit_price") is None:
        return data
    return {**data, "unit_price": Decimal(data["unit_price"]).quantize(CENT)}


def update_part(actor: User, part_id: int, changes: dict[str, Any]) -> Part:
    """Rename, reprice, re-file or retire a part; the log keeps what changed."""
    part = db.session.get(Part, part_id)
    if part is None:
        raise NotFound(f"No part {part_id}.")
    diff = audit.apply_changes(part, _in_cents(changes))
    if diff:  # a form saved unchanged records nothing
        audit.record(actor, "part", part.id, "updated", diff)
    db.session.commit()
    return part
