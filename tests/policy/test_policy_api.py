"""The policy API: reading, replacing deadline tables, the calendar, recomputing."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.extensions import db
from tests.assertions import assert_error
from tests.factories import make_order, make_user

WATER_TABLE: list[dict[str, Any]] = [
    {"attribute": "pipe_diameter_mm", "min_value": None, "max_value": 300,
     "size_class": "small", "due_amount": 12, "due_unit": "hours"},
    {"attribute": "pipe_diameter_mm", "min_value": 301, "max_value": 999,
     "size_class": "medium", "due_amount": 36, "due_unit": "hours"},
    {"attribute": "pipe_diameter_mm", "min_value": 1000, "max_value": None,
     "size_class": "large", "due_amount": 60, "due_unit": "hours"},
]  # fmt: skip


@pytest.fixture
def admin(login: Any) -> dict[str, str]:
    make_user("admin", "boss")
    return login("boss")


@pytest.fixture
def dispatcher(login: Any) -> dict[str, str]:
    make_user("dispatcher", "disp")
    return login("disp")


def _audit(client: FlaskClient, admin: dict[str, str], entity_type: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/audit?entity_type={entity_type}", headers=admin)
    assert response.status_code == 200, response.json
    entries: list[dict[str, Any]] = response.json
    return entries


def test_get_deadlines_lists_the_defaults(client: FlaskClient, dispatcher: dict[str, str]) -> None:
    response = client.get("/api/v1/policy/deadlines", headers=dispatcher)
    assert response.status_code == 200
    water = [r for r in response.json if r["kind"] == "water_leak"]
    assert [(r["min_value"], r["max_value"], r["due_amount"]) for r in water] == [
        (None, 300, 24),
        (301, 999, 48),
        (1000, None, 72),
    ]
    grade_1 = next(r for r in response.json if r["size_class"] == "grade 1")
    assert (grade_1["respond_hours"], grade_1["make_safe_hours"], grade_1["hard"]) == (1, 12, True)
    assert {r["kind"] for r in response.json} == {
        "water_leak",
        "gas_leak",
        "gps_install",
        "gps_repair",
    }


def test_get_kinds(client: FlaskClient, dispatcher: dict[str, str]) -> None:
    response = client.get("/api/v1/policy/kinds", headers=dispatcher)
    assert response.status_code == 200
    kinds = {k["kind"]: k for k in response.json}
    assert set(kinds) == {"water_leak", "gas_leak", "gps_install", "gps_repair"}
    assert kinds["gps_install"]["requires_approval"] is True
    assert kinds["water_leak"]["requires_approval"] is False
    assert kinds["gas_leak"]["skill"] == "gas"


def test_get_calendar(client: FlaskClient, dispatcher: dict[str, str]) -> None:
    response = client.get(
        "/api/v1/policy/calendar?start=2026-09-01&end=2026-10-10", headers=dispatcher
    )
    assert response.status_code == 200
    days = {d["day"]: d["working"] for d in response.json}
    assert days["2026-09-25"] is False
    assert days["2026-10-10"] is True
    assert "2026-01-01" not in days
    assert [d["day"] for d in response.json] == sorted(days)


def test_calendar_needs_a_range(client: FlaskClient, dispatcher: dict[str, str]) -> None:
    response = client.get("/api/v1/policy/calendar?start=2026-09-01", headers=dispatcher)
    assert_error(response, 422, "validation_error", "end")


def test_technician_cannot_read_policies(client: FlaskClient, login: Any) -> None:
    from tests.factories import make_technician

    make_technician("t1")
    response = client.get("/api/v1/policy/deadlines", headers=login("t1"))
    assert_error(response, 403, "forbidden")


def test_admin_replaces_a_table_and_it_is_audited(
    client: FlaskClient, admin: dict[str, str]
) -> None:
    response = client.put(
        "/api/v1/policy/deadlines/water_leak", json={"rules": WATER_TABLE}, headers=admin
    )
    assert response.status_code == 200, response.json
    assert [r["due_amount"] for r in response.json] == [12, 36, 60]
    db.session.rollback()  # what follows must come from committed data
    listed = client.get("/api/v1/policy/deadlines", headers=admin).json
    assert [r["size_class"] for r in listed if r["kind"] == "water_leak"] == [
        "small",
        "medium",
        "large",
    ]
    assert len([r for r in listed if r["kind"] == "gas_leak"]) == 3  # other kinds untouched

    (entry,) = _audit(client, admin, "deadline_rules")
    assert entry["entity_id"] == "water_leak"
    assert entry["action"] == "replaced"
    assert entry["actor_id"] == client.get("/api/v1/auth/me", headers=admin).json["id"]
    assert [r["due_amount"] for r in entry["changes"]["before"]] == [24, 48, 72]
    assert [r["due_amount"] for r in entry["changes"]["after"]] == [12, 36, 60]


def test_new_table_applies_to_new_orders(
    client: FlaskClient, admin: dict[str, str], login: Any
) -> None:
    client.put("/api/v1/policy/deadlines/water_leak", json={"rules": WATER_TABLE}, headers=admin)
    from tests.factories import order_payload

    body = order_payload(pipe_diameter_mm=301, reported_at="2026-11-22T01:00:00Z")
    order = client.post("/api/v1/orders", json=body, headers=admin).json
    assert order["due_at"] == "2026-11-23T13:00:00+00:00"
    assert order["size_class"] == "medium"


def _with(index: int, **changes: Any) -> list[dict[str, Any]]:
    table = deepcopy(WATER_TABLE)
    table[index].update(changes)
    return table


BAD_TABLES = [
    ("gap", _with(1, min_value=302), "rules.1.min_value"),
    ("overlap", _with(1, min_value=300), "rules.1.min_value"),
    ("gap at the top", _with(2, min_value=1001), "rules.2.min_value"),
    ("closed top", _with(2, max_value=5000), "rules"),
    ("closed bottom", _with(0, min_value=1), "rules.0.min_value"),
    # rows may come in any order: the error names the row as given
    ("unordered gap", [WATER_TABLE[2], WATER_TABLE[0], {**WATER_TABLE[1], "min_value": 302}],
     "rules.2.min_value"),
    ("overlap after the open end", [{**WATER_TABLE[0], "max_value": None}, WATER_TABLE[2]],
     "rules.1.min_value"),
    ("twice from the bottom", [WATER_TABLE[0], {**WATER_TABLE[1], "min_value": None}],
     "rules.1.min_value"),
    ("empty", [], "rules"),
    ("upside down", _with(1, min_value=999, max_value=301), "rules"),
    ("unknown unit", _with(0, due_unit="fortnights"), "rules"),
    ("mixed attributes", _with(0, attribute="leak_grade"), "rules"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "table", "field"), BAD_TABLES, ids=[c[0] for c in BAD_TABLES])
def test_bad_table_is_refused_naming_the_field(
    client: FlaskClient, admin: dict[str, str], case: str, table: list[Any], field: str
) -> None:
    response = client.put(
        "/api/v1/policy/deadlines/water_leak", json={"rules": table}, headers=admin
    )
    assert_error(response, 422, "validation_error", field)
    db.session.rollback()
    listed = client.get("/api/v1/policy/deadlines", headers=admin).json
    assert [r["due_amount"] for r in listed if r["kind"] == "water_leak"] == [24, 48, 72]
    assert _audit(client, admin, "deadline_rules") == []


def test_unknown_kind_is_refused(client: FlaskClient, admin: dict[str, str]) -> None:
    response = client.put(
        "/api/v1/policy/deadlines/plumbing", json={"rules": WATER_TABLE}, headers=admin
    )
    assert_error(response, 422, "validation_error", "kind")


@pytest.mark.parametrize("role", ["dispatcher", "agent", "finance"])
def test_only_admins_edit_policies(client: FlaskClient, login: Any, role: str) -> None:
    make_user(role, "someone")
    headers = login("someone")
    put = client.put(
        "/api/v1/policy/deadlines/water_leak", json={"rules": WATER_TABLE}, headers=headers
    )
    assert_error(put, 403, "forbidden")
    day = client.put("/api/v1/policy/calendar/2026-12-01", json={"working": False}, headers=headers)
    assert_error(day, 403, "forbidden")
    assert_error(client.post("/api/v1/policy/recompute", headers=headers), 403, "forbidden")
    listed = client.get("/api/v1/policy/deadlines", headers=headers).json
    assert [r["due_amount"] for r in listed if r["kind"] == "water_leak"] == [24, 48, 72]


def _open_and_closed_orders(app: Flask) -> tuple[int, int]:
    from datetime import UTC, datetime

    reported = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
    open_order = make_order(pipe_diameter_mm=400, reported_at=reported)
    done = make_order(pipe_diameter_mm=400, reported_at=reported)
    done.status = "closed"
    db.session.commit()
    return open_order.id, done.id


def test_recompute_through_the_api(app: Flask, client: FlaskClient, admin: dict[str, str]) -> None:
    open_id, closed_id = _open_and_closed_orders(app)
    client.put("/api/v1/policy/deadlines/water_leak", json={"rules": WATER_TABLE}, headers=admin)
    order = client.get(f"/api/v1/orders/{open_id}", headers=admin).json
    assert order["due_at"] == "2026-11-24T01:00:00+00:00"  # a table change alone moves nothing

    response = client.post("/api/v1/policy/recompute", headers=admin)
    assert response.status_code == 200, response.json
    assert response.json == {"changed": 1}
    db.session.rollback()
    order = client.get(f"/api/v1/orders/{open_id}", headers=admin).json
    assert order["due_at"] == "2026-11-23T13:00:00+00:00"
    assert order["size_class"] == "medium"
    closed = client.get(f"/api/v1/orders/{closed_id}", headers=admin).json
    assert closed["due_at"] == "2026-11-24T01:00:00+00:00"
    assert client.post("/api/v1/policy/recompute", headers=admin).json == {"changed": 0}


def test_recompute_from_the_command_line(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    open_id, _ = _open_and_closed_orders(app)
    client.put("/api/v1/policy/deadlines/water_leak", json={"rules": WATER_TABLE}, headers=admin)
    result = app.test_cli_runner().invoke(args=["recompute-deadlines"])
    assert result.exit_code == 0, result.output
    assert "Deadlines changed on 1 open orders." in result.output
    db.session.rollback()
    order = client.get(f"/api/v1/orders/{open_id}", headers=admin).json
    assert order["due_at"] == "2026-11-23T13:00:00+00:00"
    entries = _audit(client, admin, "order")
    assert any(e["action"] == "deadline_recomputed" for e in entries)


def test_calendar_day_set_and_deleted_is_audited_and_counts(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    from datetime import UTC, datetime

    from server.policy.deadlines import compute_deadlines

    monday = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 local; due Wednesday 2 December
    assert compute_deadlines("gps_repair", monday, None).due_at == datetime(
        2026, 12, 2, 2, 0, tzinfo=UTC
    )
    put = client.put(
        "/api/v1/policy/calendar/2026-12-01",
        json={"working": False, "name": "Company day"},
        headers=admin,
    )
    assert put.status_code == 200, put.json
    assert put.json == {"day": "2026-12-01", "working": False, "name": "Company day"}
    db.session.rollback()
    days = client.get("/api/v1/policy/calendar?start=2026-12-01&end=2026-12-01", headers=admin).json
    assert days == [{"day": "2026-12-01", "working": False, "name": "Company day"}]
    assert compute_deadlines("gps_repair", monday, None).due_at == datetime(
        2026, 12, 3, 2, 0, tzinfo=UTC
    )

    deleted = client.delete("/api/v1/policy/calendar/2026-12-01", headers=admin)
    assert deleted.status_code == 204
    db.session.rollback()
    assert (
        client.get("/api/v1/policy/calendar?start=2026-12-01&end=2026-12-01", headers=admin).json
        == []
    )
    assert compute_deadlines("gps_repair", monday, None).due_at == datetime(
        2026, 12, 2, 2, 0, tzinfo=UTC
    )
    entries = _audit(client, admin, "calendar_day")
    assert [(e["entity_id"], e["action"]) for e in entries] == [
        ("2026-12-01", "deleted"),
        ("2026-12-01", "set"),
    ]
    assert entries[1]["changes"]["after"] == {"working": False, "name": "Company day"}
    assert entries[0]["changes"] == {"working": False, "name": "Company day"}


def test_deleting_a_day_without_exception_is_404(
    client: FlaskClient, admin: dict[str, str]
) -> None:
    response = client.delete("/api/v1/policy/calendar/2026-12-02", headers=admin)
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize("day", ["2026-13-01", "2026-02-30"])
def test_a_day_that_does_not_exist_is_404(
    client: FlaskClient, admin: dict[str, str], day: str
) -> None:
    response = client.put(f"/api/v1/policy/calendar/{day}", json={"working": False}, headers=admin)
    assert_error(response, 404, "not_found")
