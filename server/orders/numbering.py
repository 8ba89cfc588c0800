"""Order numbers ``WO-YYYYMM-NNNN``: a serial per month, unique under concurrency."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server.extensions import db
from server.orders.models import OrderCounter
from server.timeutil import operator_tz


def next_number(moment: datetime) -> str:
    """Take the next serial of ``moment``'s local month.

    One atomic upsert: PostgreSQL locks the counter row until the transaction ends and
    SQLite serialises writers, so two concurrent orders never share a serial.
    """
    month = moment.astimezone(operator_tz()).strftime("%Y%m")
    dialect_insert = (
        pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    )
    statement = (
        dialect_insert(OrderCounter)
        .values(month=month, last=1)
        .on_conflict_do_update(
            index_elements=[OrderCounter.month], set_={"last": OrderCounter.last + 1}
        )
        .returning(OrderCounter.last)
    )
    serial = db.session.execute(statement).scalar_one()
    return f"WO-{month}-{serial:04d}"
