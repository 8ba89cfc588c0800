"""What befalls a technician that other parts of the system act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from flask.signals import Namespace

if TYPE_CHECKING:
    from server.accounts.models import User
    from server.technicians.models import Technician

leaving_plan = Namespace().signal("technician-leaving-plan")
"""Sent inside the transaction that takes a technician off the dispatch plan (an admin
closing their login, a dispatcher marking them away), with ``technician`` and ``actor``;
receivers write in the same transaction and do not commit."""


def send_leaving_plan(technician: Technician, actor: User | None) -> None:
    """Tell whoever acts on it that ``technician`` is going off the plan."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    leaving_plan.send(app, technician=technician, actor=actor)
