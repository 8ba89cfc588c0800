"""Recording and reading the audit log. ``record`` only adds; the caller commits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from server.accounts.models import User
from server.audit.models import AuditEntry
from server.extensions import db


def record(
    actor: User | None, entity_type: str, entity_id: object, action: str, changes: dict[str, Any]
) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        entity_type=entity_type,
        entity_id=str(entity_id),
        action=action,
        changes=changes,
    )
    db.session.add(entry)
    return entry


def apply_changes(
    target: object, changes: dict[str, Any], shown: Callable[[Any], Any] = str
) -> dict[str, list[Any]]:
    """Set ``changes`` on ``target``; return those that differed as ``[before, after]``, each
    value as the log keeps it (``shown``: text by default)."""
    diff = {
        key: [shown(getattr(target, key)), shown(value)]
        for key, value in changes.items()
        if getattr(target, key) != value
    }
    for key, value in changes.items():
        setattr(target, key, value)
    return diff


def list_entries(
    *,
    entity_type: str | None = None,
    entity_id: str | None = None,
    limit: int = 200,
    before_id: int | None = None,
) -> list[AuditEntry]:
    """The newest ``limit`` entries, or those older than ``before_id`` (keyset paging)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if entity_type:
        query = query.where(AuditEntry.entity_type == entity_type)
    if entity_id:
        query = query.where(AuditEntry.entity_id == entity_id)
    return list(db.session.scalars(query))
