"""Pull: the whole day at cursor 0, then only what changed, including the office's changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from server.orders.models import WorkOrder
from tests.factories import make_order, make_technician
from tests.sync.conftest import Phone, assign
from tests.sync.test_conflicts import dispatcher, office_move


def orders_in(body: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {c["order_id"]: c for c in body["changes"]}


def test_full_pull_then_incremental(phone: Phone, order: WorkOrder, part: Any) -> None:
    first = phone.pull(0)
    assert first["full"] is True
    entry = orders_in(first)[order.id]
    assert entry["type"] == "order"
    state = entry["order"]
    assert state["status"] == "assigned"
    assert state["contact"]["name"]
    assert state["parts"] == []
    assert state["notes_version"] == 0
    cursor = first["cursor"]
    assert cursor > 0
    assert phone.pull(cursor)["changes"] == []
    phone.push(
        phone.mutation("order.arrived", order.id),
        phone.mutation("part.use", order.id, {"part_id": part.id}),
        phone.mutation("note.add", order.id, {"text": "Valve seized"}),
    )
    after = phone.pull(cursor)
    assert after["cursor"] > cursor
    state = orders_in(after)[order.id]["order"]
    assert state["status"] == "on_site"
    assert [p["part_code"] for p in state["parts"]] == ["VALVE-50"]
    assert [n["text"] for n in state["notes"]] == ["Valve seized"]
    assert state["notes_version"] == 1
    assert phone.pull(after["cursor"])["changes"] == []


def test_other_technicians_orders_are_not_pulled(phone: Phone, order: WorkOrder) -> None:
    other = make_order("water_leak")
    assign(other, make_technician("tech02"))
    assert set(orders_in(phone.pull(0))) == {order.id}
    assert other.id not in orders_in(phone.pull(1))


def test_office_changes_reach_the_phone(
    client: FlaskClient, login: Callable[..., dict[str, str]], phone: Phone, order: WorkOrder
) -> None:
    office = dispatcher(client, login)
    cursor = phone.pull(0)["cursor"]
    version = client.get(f"/api/v1/orders/{order.id}", headers=office).json["version"]
    edited = client.patch(
        f"/api/v1/orders/{order.id}", json={"version": version, "priority": 1}, headers=office
    )
    assert edited.status_code == 200
    after_edit = phone.pull(cursor)
    assert orders_in(after_edit)[order.id]["order"]["priority"] == 1
    office_move(client, office, order.id, "cancelled", notes="Duplicate report")
    cancelled = phone.pull(after_edit["cursor"])
    assert orders_in(cancelled)[order.id]["order"]["status"] == "cancelled"


def test_reassigned_order_is_removed_from_the_old_phone(
    client: FlaskClient,
    login: Callable[..., dict[str, str]],
    phone: Phone,
    phone_for: Callable[..., Phone],
    order: WorkOrder,
) -> None:
    office = dispatcher(client, login)
    other = make_technician("tech02")
    cursor = phone.pull(0)["cursor"]
    office_move(client, office, order.id, "ready")
    office_move(client, office, order.id, "assigned", technician_id=other.id)
    removed = orders_in(phone.pull(cursor))[order.id]
    assert (removed["type"], removed["reason"]) == ("order_removed", "reassigned")
    newcomer = phone_for("tech02", "device-C")
    assert orders_in(newcomer.pull(0))[order.id]["order"]["technician_id"] == other.id


def test_work_handed_back_when_away_leaves_the_phone(
    client: FlaskClient,
    login: Callable[..., dict[str, str]],
    phone: Phone,
    technician: Any,
    order: WorkOrder,
) -> None:
    """Marked away (still signed in), the technician's phone drops the work handed back."""
    office = dispatcher(client, login)
    cursor = phone.pull(0)["cursor"]
    url = f"/api/v1/technicians/{technician.id}"
    assert client.patch(url, json={"active": False}, headers=office).status_code == 200
    removed = orders_in(phone.pull(cursor))[order.id]
    assert (removed["type"], removed["reason"]) == ("order_removed", "reassigned")


def test_paging_never_loses_an_order(phone: Phone, technician: Any) -> None:
    cursor = phone.pull(0)["cursor"]
    made = []
    for _ in range(5):
        extra = make_order("water_leak")
        assign(extra, technician)
        made.append(extra.id)
    seen: list[int] = []
    for _ in range(10):
        response = phone.client.get(
            f"/api/v1/sync/pull?cursor={cursor}&limit=2", headers=phone.headers
        ).json
        seen += [c["order_id"] for c in response["changes"]]
        cursor = response["cursor"]
        if not response["more"]:
            break
    assert sorted(seen) == made


def test_pull_names_the_operators_time_zone(phone: Phone, order: WorkOrder, app: Any) -> None:
    """The app shows times in the operator's zone, even offline, from what the pull said."""
    assert phone.pull(0)["timezone"] == "Asia/Shanghai"
    app.config["TIMEZONE"] = "Europe/Berlin"
    assert phone.pull(1)["timezone"] == "Europe/Berlin"
