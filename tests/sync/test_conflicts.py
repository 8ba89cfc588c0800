"""Conflict rules of design/sync.md: status forward only, the office wins, facts append-only,
notes version-checked with both texts kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from server.extensions import db
from server.fieldwork.models import Note
from server.finance.models import FeeEntry
from server.orders.models import WorkOrder
from server.technicians.models import Technician
from tests.factories import make_technician, make_user
from tests.sync.conftest import Phone, reload


def office_move(
    client: FlaskClient, headers: dict[str, str], order_id: int, to: str, **extra: Any
) -> None:
    version = client.get(f"/api/v1/orders/{order_id}", headers=headers).json["version"]
    response = client.post(
        f"/api/v1/orders/{order_id}/transitions",
        json={"to": to, "version": version, **extra},
        headers=headers,
    )
    assert response.status_code == 200, response.json


def dispatcher(client: FlaskClient, login: Callable[..., dict[str, str]]) -> dict[str, str]:
    make_user("dispatcher", "disp")
    return login("disp")


def test_stale_transition_is_a_harmless_no_op(
    phone: Phone, phone_for: Callable[..., Phone], order: WorkOrder
) -> None:
    tablet = phone_for("tech01", "device-B")
    phone.push(phone.mutation("order.arrived", order.id))
    version = reload(order.id).version
    (late,) = tablet.push(tablet.mutation("order.en_route", order.id))
    assert (late["status"], late["code"]) == ("applied", "stale")
    again = reload(order.id)
    assert (again.status, again.version) == ("on_site", version)


def test_arrival_on_an_order_on_hold_is_stale_and_completion_illegal(
    phone: Phone, order: WorkOrder
) -> None:
    phone.push(
        phone.mutation("order.arrived", order.id),
        phone.mutation("order.hold", order.id, {"reason": "awaiting_parts"}),
    )
    arrived, complete = phone.push(
        phone.mutation("order.arrived", order.id),
        phone.mutation("order.complete", order.id, {"notes": "done"}),
    )
    assert arrived["code"] == "stale"
    assert (complete["status"], complete["code"]) == ("rejected", "illegal_transition")
    assert reload(order.id).status == "on_hold"


def test_dispatcher_cancel_wins(
    client: FlaskClient, login: Any, phone: Phone, order: WorkOrder
) -> None:
    office = dispatcher(client, login)
    office_move(client, office, order.id, "cancelled", notes="Customer fixed it")
    arrived, fee = phone.push(
        phone.mutation("order.arrived", order.id),
        phone.mutation(
            "fee.collect", order.id, {"amount": "50.00", "method": "cash", "receipt_no": "R-9"}
        ),
    )
    assert (arrived["status"], arrived["code"]) == ("rejected", "order_cancelled")
    assert (fee["status"], fee["code"]) == ("rejected", "order_cancelled")
    assert reload(order.id).status == "cancelled"
    assert db.session.scalar(select(func.count()).select_from(FeeEntry)) == 0


def test_dispatcher_reassignment_wins(
    client: FlaskClient, login: Any, phone: Phone, order: WorkOrder
) -> None:
    office = dispatcher(client, login)
    other = make_technician("tech02")
    office_move(client, office, order.id, "ready", notes="Re-planned")
    office_move(client, office, order.id, "assigned", technician_id=other.id)
    (result,) = phone.push(phone.mutation("order.en_route", order.id))
    assert (result["status"], result["code"]) == ("rejected", "order_reassigned")
    assert reload(order.id).status == "assigned"


def test_facts_are_append_only(phone: Phone, order: WorkOrder, part: Any) -> None:
    """Two part uses of the same part stay two rows; nothing is merged or overwritten."""
    phone.push(
        phone.mutation("part.use", order.id, {"part_id": part.id, "quantity": 1}),
        phone.mutation("part.use", order.id, {"part_id": part.id, "quantity": 3}),
    )
    detail = phone.client.get(f"/api/v1/orders/{order.id}", headers=phone.headers).json
    assert [p["quantity"] for p in detail["parts"]] == [1, 3]


def test_note_conflict_keeps_both_texts(
    phone: Phone, phone_for: Callable[..., Phone], order: WorkOrder
) -> None:
    tablet = phone_for("tech01", "device-B")
    first, own_next = phone.push(
        phone.mutation("note.add", order.id, {"text": "Meter behind the shed", "base_version": 0}),
        phone.mutation(
            "note.add", order.id, {"text": "Meter behind the shed, key at no. 5", "base_version": 0}
        ),
    )
    assert first["status"] == own_next["status"] == "applied"
    assert "code" not in own_next  # the same device builds on its own text
    (clash,) = tablet.push(
        tablet.mutation("note.add", order.id, {"text": "Ring twice", "base_version": 0})
    )
    assert (clash["status"], clash["code"]) == ("applied", "note_conflict")
    notes = list(db.session.scalars(select(Note).order_by(Note.revision)))
    assert [(n.text, n.conflict) for n in notes] == [
        ("Meter behind the shed", False),
        ("Meter behind the shed, key at no. 5", False),
        ("Ring twice", True),
    ]
    assert notes[2].other_text == "Meter behind the shed, key at no. 5"
    (fine,) = tablet.push(
        tablet.mutation("note.add", order.id, {"text": "Merged text", "base_version": 3})
    )
    assert fine["status"] == "applied"
    assert "code" not in fine


def test_gps_fix_only_moves_forward_in_time(phone: Phone, order: WorkOrder) -> None:
    late = phone.mutation("order.en_route", order.id, {"location": {"lat": 30.1, "lon": 120.1}})
    early = phone.mutation("order.arrived", order.id, {"lat": 29.0, "lon": 119.0})
    early["at"] = "2026-11-22T08:00:00+08:00"
    phone.push(late, early)
    technician = db.session.get_one(Technician, reload(order.id).technician_id)
    assert (technician.last_lat, technician.last_lon) == (30.1, 120.1)
