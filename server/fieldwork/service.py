"""Recording on-site facts (helpers flush only; the sync service commits) and reading them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func, select

from server.errors import ValidationFailed
from server.extensions import Model, db
from server.fieldwork.models import Attachment, Note, PartUse, Swap
from server.finance.models import FeeEntry
from server.parts.models import Part

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Fact:
    """Who recorded a fact where and when: the phone's UUID, order, technician, device."""

    uuid: str
    order_id: int
    technician_id: int
    device_at: datetime
    device_id: str = ""


def recorded(model: type[M], uuid: str) -> bool:
    """Whether a fact with this phone UUID is already stored."""
    return db.session.scalar(select(model.id).where(model.uuid == uuid)) is not None  # type: ignore[attr-defined]


def _append(model: type[M], fact: Fact, **fields: Any) -> M:
    """Add one append-only fact keyed by the phone's UUID (flushes only)."""
    row = model(
        uuid=fact.uuid,
        order_id=fact.order_id,
        technician_id=fact.technician_id,
        device_at=fact.device_at,
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _part(data: dict[str, Any]) -> Part:
    """The part a use names. A retired part counts: a phone may have used it, offline,
    before it left the list."""
    query = select(Part)
    if data.get("part_id") is not None:
        query = query.where(Part.id == data["part_id"])
    else:
        query = query.where(Part.code == data.get("part_code", ""))
    part = db.session.scalar(query)
    if part is None:
        raise ValidationFailed("No such part in the catalogue.", details={"part_id": ["Unknown."]})
    return part


def record_part_use(fact: Fact, data: dict[str, Any]) -> PartUse | None:
    """Append a part use; None when this UUID is already recorded."""
    if recorded(PartUse, fact.uuid):
        return None
    part = _part(data)
    serial = (data.get("serial") or "").strip() or None
    if part.serial_tracked and not serial:
        raise ValidationFailed(
            f"{part.name} is serial-tracked: give the serial.", details={"serial": ["Required."]}
        )
    if part.serial_tracked and data["quantity"] != 1:
        raise ValidationFailed(
            "Record serial-tracked parts one at a time.", details={"quantity": ["Must be 1."]}
        )
    return _append(PartUse, fact, part_id=part.id, quantity=data["quantity"], serial=serial)


def record_swap(fact: Fact, kind: str, old: str, new: str) -> Swap | None:
    """Append a terminal or SIM swap; None when this UUID is already recorded."""
    if recorded(Swap, fact.uuid):
        return None
    return _append(Swap, fact, kind=kind, old_value=old, new_value=new)


def record_attachment(fact: Fact, kind: str, blob_id: str, caption: str) -> Attachment | None:
    """Attach an uploaded blob; None when this UUID is already recorded."""
    if recorded(Attachment, fact.uuid):
        return None
    return _append(Attachment, fact, kind=kind, blob_id=blob_id, caption=caption)


def notes_version(order_id: int) -> int:
    """The latest notes revision of an order (0 when it has none)."""
    latest = db.session.scalar(select(func.max(Note.revision)).where(Note.order_id == order_id))
    return int(latest or 0)


def _newer_from_others(fact: Fact, base_version: int) -> Note | None:
    query = (
        select(Note)
        .where(
            Note.order_id == fact.order_id,
            Note.revision > base_version,
            Note.device_id != fact.device_id,
        )
        .order_by(Note.revision.desc())
    )
    return db.session.scalars(query.limit(1)).first()


def record_note(fact: Fact, text: str, base_version: int) -> Note | None:
    """Add a notes revision; if another device wrote since ``base_version``, flag a conflict.

    Both texts are kept: the other device's revision stays, and this one carries
    ``conflict`` and a copy of the text it collided with. None when already recorded.
    """
    if recorded(Note, fact.uuid):
        return None
    other = _newer_from_others(fact, base_version)
    note = Note(
        uuid=fact.uuid,
        order_id=fact.order_id,
        technician_id=fact.technician_id,
        device_id=fact.device_id,
        text=text,
        base_version=base_version,
        revision=notes_version(fact.order_id) + 1,
        conflict=other is not None,
        other_text=other.text if other else None,
        device_at=fact.device_at,
    )
    db.session.add(note)
    db.session.flush()
    return note


def _of_order(model: type[M], order_id: int) -> list[M]:
    query = select(model).where(model.order_id == order_id).order_by(model.id)  # type: ignore[attr-defined]
    return list(db.session.scalars(query))


def parts_of(order_id: int) -> list[PartUse]:
    return _of_order(PartUse, order_id)


def swaps_of(order_id: int) -> list[Swap]:
    return _of_order(Swap, order_id)


def attachments_of(order_id: int) -> list[Attachment]:
    return _of_order(Attachment, order_id)


def notes_of(order_id: int) -> list[Note]:
    return _of_order(Note, order_id)


def fees_of(order_id: int) -> list[FeeEntry]:
    """Ledger entries of an order (collections and reversals), oldest first."""
    return _of_order(FeeEntry, order_id)
