"""The change counter and feed: what the phones pull, stamped inside the writing transaction.

Every transaction that touches a work order or one of its facts takes the next change
number from the single counter row (``INSERT … ON CONFLICT DO UPDATE … RETURNING``, which
holds that row's lock until commit) just before it commits, and writes a feed row per
technician who must see the change: the order's technician now, and any technician it was
taken from. Because writers queue on the counter row, change numbers become visible in
order, so a pull cursor never skips a row that commits late.

It hooks the session rather than each service so that no writer can forget it: office
transitions, re-planning, edits and the phone's own mutations are all covered.
"""

from __future__ import annotations

from itertools import chain
from typing import Any, cast

from sqlalchemy import Table, event, insert, inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, SessionTransaction

from server.extensions import db
from server.fieldwork.models import Attachment, Note, PartUse, Swap
from server.finance.models import FeeEntry
from server.orders.models import OrderEvent, WorkOrder
from server.sync.models import SyncChange, SyncCounter

FACTS = (OrderEvent, PartUse, Swap, Attachment, Note, FeeEntry)
_KEY = "sync_touched"


def _touched(session: Session) -> dict[int, set[int]]:
    """Order id → technicians it was taken from, collected over this transaction."""
    touched: dict[int, set[int]] = session.info.setdefault(_KEY, {})
    return touched


def _after_flush(session: Session, _context: Any) -> None:
    touched = _touched(session)
    for obj in chain(session.new, session.dirty):
        if isinstance(obj, WorkOrder) and session.is_modified(obj):
            history = inspect(obj).attrs.technician_id.history
            touched.setdefault(obj.id, set()).update(t for t in history.deleted or () if t)
        elif isinstance(obj, FACTS) and obj.order_id is not None:
            touched.setdefault(obj.order_id, set())


def next_change_no(session: Session) -> int:
    """Take the next change number; the counter row stays locked until commit."""
    table = cast(Table, SyncCounter.__table__)
    dialect = session.get_bind().dialect.name
    build = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        build(table)
        .values(id=1, value=1)
        .on_conflict_do_update(index_elements=["id"], set_={"value": table.c.value + 1})
        .returning(table.c.value)
    )
    return int(session.execute(statement).scalar_one())


def current_change_no() -> int:
    """The last change number handed out (committed, as this transaction sees it)."""
    value = db.session.scalar(select(SyncCounter.value).where(SyncCounter.id == 1))
    return int(value or 0)


def _stamp(session: Session, touched: dict[int, set[int]]) -> None:
    change_no = next_change_no(session)
    owners = session.execute(
        select(WorkOrder.id, WorkOrder.technician_id).where(WorkOrder.id.in_(touched))
    ).all()
    rows = [
        {"change_no": change_no, "order_id": order_id, "technician_id": technician_id}
        for order_id, owner in owners
        for technician_id in {owner, *touched[order_id]} - {None}
    ]
    if rows:
        session.execute(insert(cast(Table, SyncChange.__table__)), rows)


def _before_commit(session: Session) -> None:
    session.flush()
    touched = session.info.pop(_KEY, None)
    if touched:
        _stamp(session, touched)


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_KEY, None)


def install() -> None:
    """Hook the application's sessions (once per process)."""
    for name, listener in (
        ("after_flush", _after_flush),
        ("before_commit", _before_commit),
        ("after_transaction_end", _after_transaction_end),
    ):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
