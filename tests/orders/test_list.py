"""Listing orders with filters and pages; editing an order's details."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.extensions import db
from server.orders.models import WorkOrder
from tests.assertions import assert_error
from tests.factories import (
    make_customer,
    make_order,
    make_technician,
    make_user,
    order_payload,
)

Headers = dict[str, str]
NOW = datetime.now(UTC)


@pytest.fixture
def dispatcher(login: Any) -> Headers:
    make_user("dispatcher", "disp")
    return login("disp")


@pytest.fixture
def orders(app: Flask) -> dict[str, int]:
    """Six orders: kinds, statuses, one assigned technician, two overdue."""
    tech = make_technician("tech_a")
    made = {
        "water_overdue": make_order("water_leak", reported_at=NOW - timedelta(hours=30)),
        "water_fresh": make_order("water_leak", reported_at=NOW - timedelta(hours=1)),
        "gas_overdue_assigned": make_order(
            "gas_leak", leak_grade=1, reported_at=NOW - timedelta(hours=13)
        ),
        "gps_new": make_order("gps_repair", reported_at=NOW),
        "water_late_closed": make_order("water_leak", reported_at=NOW - timedelta(days=5)),
        "gas_cancelled": make_order("gas_leak", reported_at=NOW - timedelta(days=400)),
    }
    made["gas_overdue_assigned"].status = "assigned"
    made["gas_overdue_assigned"].technician_id = tech.id
    made["water_late_closed"].status = "closed"
    made["gas_cancelled"].status = "cancelled"
    db.session.commit()
    ids = {name: order.id for name, order in made.items()}
    ids["tech"] = tech.id
    return ids


def _ids(client: FlaskClient, headers: Headers, query: str) -> list[int]:
    response = client.get(f"/api/v1/orders?{query}", headers=headers)
    assert response.status_code == 200, response.json
    assert response.json["total"] == len(response.json["items"])
    return [o["id"] for o in response.json["items"]]


def test_no_filter_lists_everything_by_due_date(
    client: FlaskClient, dispatcher: Headers, orders: dict[str, int]
) -> None:
    response = client.get("/api/v1/orders", headers=dispatcher).json
    assert response["total"] == 6
    assert (response["page"], response["per_page"]) == (1, 50)
    dues = [o["due_at"] for o in response["items"] if o["due_at"]]
    assert dues == sorted(dues)


def test_filter_by_status_list(
    client: FlaskClient, dispatcher: Headers, orders: dict[str, int]
) -> None:
    assert sorted(_ids(client, dispatcher, "status=ready")) == sorted(
        [orders["water_overdue"], orders["water_fresh"]]
    )
    assert sorted(_ids(client, dispatcher, "status=new,assigned")) == sorted(
        [orders["gps_new"], orders["gas_overdue_assigned"]]
    )
    assert _ids(client, dispatcher, "status=on_hold") == []


def test_filter_by_kind(client: FlaskClient, dispatcher: Headers, orders: dict[str, int]) -> None:
    assert sorted(_ids(client, dispatcher, "kind=gas_leak")) == sorted(
        [orders["gas_overdue_assigned"], orders["gas_cancelled"]]
    )
    assert len(_ids(client, dispatcher, "kind=water_leak,gps_repair")) == 4
    assert _ids(client, dispatcher, "kind=gas_leak&status=cancelled") == [orders["gas_cancelled"]]


def test_overdue_lists_only_open_orders_past_due(
    client: FlaskClient, dispatcher: Headers, orders: dict[str, int]
) -> None:
    # the closed and the cancelled orders are past due too, but no longer open
    assert sorted(_ids(client, dispatcher, "overdue=true")) == sorted(
        [orders["water_overdue"], orders["gas_overdue_assigned"]]
    )
    assert len(_ids(client, dispatcher, "overdue=false")) == 6


def test_filter_by_technician(
    client: FlaskClient, dispatcher: Headers, orders: dict[str, int]
) -> None:
    assert _ids(client, dispatcher, f"technician_id={orders['tech']}") == [
        orders["gas_overdue_assigned"]
    ]
    assert _ids(client, dispatcher, "technician_id=9999") == []


def test_filter_by_ids(client: FlaskClient, dispatcher: Headers, orders: dict[str, int]) -> None:
    """One request for the orders a page names (the admin's audit log shows their numbers)."""
    wanted = [orders["gps_new"], orders["gas_cancelled"], orders["water_fresh"]]
    query = f"ids={','.join(map(str, wanted))},99999"
    assert sorted(_ids(client, dispatcher, query)) == sorted(wanted)  # an unknown id: not listed
    listed = client.get(f"/api/v1/orders?{query}", headers=dispatcher).json["items"]
    assert all(o["number"].startswith("WO-") for o in listed)
    assert _ids(client, dispatcher, f"ids={orders['gas_cancelled']}&kind=water_leak") == []
    assert _ids(client, dispatcher, "ids=") == []


def test_filter_by_ids_keeps_a_technician_to_their_own(
    client: FlaskClient, login: Any, orders: dict[str, int]
) -> None:
    query = f"ids={orders['gps_new']},{orders['gas_overdue_assigned']}"
    assert _ids(client, login("tech_a"), query) == [orders["gas_overdue_assigned"]]


def test_search_by_number_or_customer(client: FlaskClient, dispatcher: Headers) -> None:
    """The service desk finds a caller's order by its number, or by their name or phone."""
    wang = make_customer(name="Wang Fang", phone="+86 139 5555 0101")
    first = make_order("water_leak", customer=wang)
    second = make_order("gps_repair", customer=wang)
    other = make_order("gas_leak", customer=make_customer(name="Li Wei"))
    assert sorted(_ids(client, dispatcher, "q=wang")) == sorted([first.id, second.id])
    assert sorted(_ids(client, dispatcher, "q=5555%200101")) == sorted([first.id, second.id])
    assert _ids(client, dispatcher, f"q={other.number.lower()}") == [other.id]
    assert _ids(client, dispatcher, f"q={other.number[-4:]}") == [other.id]
    assert _ids(client, dispatcher, "q=nobody") == []
    assert len(_ids(client, dispatcher, "q=%20")) == 3  # blank text: no filter


def test_filter_by_customer_newest_first(client: FlaskClient, dispatcher: Headers) -> None:
    wang = make_customer(name="Wang Fang")
    first = make_order("water_leak", customer=wang, reported_at=NOW - timedelta(hours=30))
    last = make_order("water_leak", customer=wang, reported_at=NOW - timedelta(hours=2))
    make_order("gas_leak")
    assert _ids(client, dispatcher, f"customer_id={wang.id}") == [first.id, last.id]  # by due
    assert _ids(client, dispatcher, f"customer_id={wang.id}&sort=newest") == [last.id, first.id]
    assert _ids(client, dispatcher, "customer_id=9999") == []


def test_search_keeps_a_technician_to_their_own(client: FlaskClient, login: Any) -> None:
    tech = make_technician("tech_q")
    theirs = make_order("water_leak", customer=make_customer(name="Zhao Lei"))
    make_order("water_leak", customer=make_customer(name="Zhao Min"))
    theirs.technician_id, theirs.status = tech.id, "assigned"
    db.session.commit()
    assert _ids(client, login("tech_q"), "q=zhao") == [theirs.id]


def test_pagination(client: FlaskClient, dispatcher: Headers, orders: dict[str, int]) -> None:
    every = _ids(client, dispatcher, "per_page=50")
    pages = []
    for page in (1, 2, 3):
        response = client.get(f"/api/v1/orders?per_page=4&page={page}", headers=dispatcher).json
        assert (response["total"], response["page"], response["per_page"]) == (6, page, 4)
        pages.append([o["id"] for o in response["items"]])
    assert [len(p) for p in pages] == [4, 2, 0]
    assert pages[0] + pages[1] == every


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=lost", "status"),
        ("kind=plumbing", "kind"),
        ("page=0", "page"),
        ("per_page=501", "per_page"),
        ("technician_id=abc", "technician_id"),
        ("overdue=maybe", "overdue"),
        ("ids=1,x", "ids"),
        ("ids=0", "ids"),
        ("customer_id=0", "customer_id"),
        ("sort=cheapest", "sort"),
        pytest.param("q=" + "x" * 101, "q", id="101 characters of q"),
        pytest.param(f"ids={','.join(map(str, range(1, 502)))}", "ids", id="501 ids"),
    ],
)
def test_bad_query(
    client: FlaskClient, dispatcher: Headers, orders: dict[str, int], query: str, field: str
) -> None:
    response = client.get(f"/api/v1/orders?{query}", headers=dispatcher)
    assert_error(response, 422, "validation_error", field)


def test_listing_needs_a_token(client: FlaskClient) -> None:
    assert_error(client.get("/api/v1/orders"), 401, "missing_token")


def _create(client: FlaskClient, headers: Headers, kind: str = "water_leak") -> dict[str, Any]:
    body = order_payload(kind, reported_at="2026-11-22T01:00:00Z")
    response = client.post("/api/v1/orders", json=body, headers=headers)
    assert response.status_code == 201, response.json
    created: dict[str, Any] = response.json
    return created


def test_patch_diameter_recomputes_the_deadline(client: FlaskClient, dispatcher: Headers) -> None:
    order = _create(client, dispatcher)
    assert (order["pipe_diameter_mm"], order["due_at"]) == (200, "2026-11-23T01:00:00+00:00")
    response = client.patch(
        f"/api/v1/orders/{order['id']}",
        json={"version": order["version"], "pipe_diameter_mm": 1200},
        headers=dispatcher,
    )
    assert response.status_code == 200, response.json
    assert response.json["version"] == order["version"] + 1
    db.session.rollback()
    again = client.get(f"/api/v1/orders/{order['id']}", headers=dispatcher).json
    assert again["pipe_diameter_mm"] == 1200
    assert again["due_at"] == "2026-11-25T01:00:00+00:00"
    assert again["size_class"] == ">=1000 mm"
    update = [e for e in again["events"] if e["type"] == "updated"]
    assert [e["notes"] for e in update] == ["pipe_diameter_mm"]


def test_patch_grade_recomputes_the_gas_deadline(client: FlaskClient, dispatcher: Headers) -> None:
    order = _create(client, dispatcher, "gas_leak")
    assert order["respond_by"] is None
    response = client.patch(
        f"/api/v1/orders/{order['id']}",
        json={"version": order["version"], "leak_grade": 1},
        headers=dispatcher,
    )
    assert response.status_code == 200, response.json
    assert response.json["respond_by"] == "2026-11-22T02:00:00+00:00"
    assert response.json["deadline_hard"] is True


def test_patch_with_a_stale_version_is_refused(client: FlaskClient, dispatcher: Headers) -> None:
    order = _create(client, dispatcher)
    url = f"/api/v1/orders/{order['id']}"
    first = client.patch(url, json={"version": 1, "description": "More water"}, headers=dispatcher)
    assert first.status_code == 200, first.json
    response = client.patch(url, json={"version": 1, "pipe_diameter_mm": 1200}, headers=dispatcher)
    error = assert_error(response, 409, "version_conflict")
    assert error["details"] == {"status": "ready", "version": 2, "technician_id": None}
    db.session.rollback()
    again = client.get(url, headers=dispatcher).json
    assert (again["pipe_diameter_mm"], again["due_at"]) == (200, "2026-11-23T01:00:00+00:00")


@pytest.mark.parametrize(
    ("kind", "change", "field"),
    [
        ("water_leak", {"pipe_diameter_mm": 0}, "pipe_diameter_mm"),
        ("water_leak", {"pipe_diameter_mm": None}, "pipe_diameter_mm"),
        ("water_leak", {"leak_grade": 1}, "leak_grade"),
        ("gas_leak", {"pipe_diameter_mm": 500}, "pipe_diameter_mm"),
        ("water_leak", {"status": "closed"}, "status"),
    ],
)
def test_patch_bad_fields_are_refused(
    client: FlaskClient, dispatcher: Headers, kind: str, change: dict[str, Any], field: str
) -> None:
    order = _create(client, dispatcher, kind)
    url = f"/api/v1/orders/{order['id']}"
    response = client.patch(url, json={"version": 1, **change}, headers=dispatcher)
    assert_error(response, 422, "validation_error", field)
    db.session.rollback()
    stored = db.session.get(WorkOrder, order["id"])
    assert stored is not None
    assert stored.version == 1
    assert (stored.pipe_diameter_mm, stored.leak_grade) == (
        (200, None) if kind == "water_leak" else (None, 2)
    )


def test_technician_cannot_patch(
    client: FlaskClient, dispatcher: Headers, login: Any, orders: dict[str, int]
) -> None:
    response = client.patch(
        f"/api/v1/orders/{orders['gas_overdue_assigned']}",
        json={"version": 2, "description": "mine now"},
        headers=login("tech_a"),
    )
    assert_error(response, 403, "forbidden")
