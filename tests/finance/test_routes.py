"""The finance API: who sees what, handovers, invoices, anomalies, exports re-read."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from server.extensions import db
from server.fieldwork.service import Fact, record_part_use
from server.orders.models import WorkOrder
from server.parts.service import add_part
from server.policy.seed import ensure_defaults
from server.technicians.models import Technician
from server.timeutil import utcnow
from tests.assertions import assert_error
from tests.factories import make_technician, make_user
from tests.finance.helpers import collect, completed_order
from tests.finance.test_reconciliation import local

Login = Callable[..., dict[str, str]]
DAY = "2026-11-20"


@pytest.fixture
def techs(app: Flask) -> tuple[Technician, Technician]:
    ensure_defaults()
    make_user("finance", "fin")
    return make_technician("t1"), make_technician("t2")


@pytest.fixture
def ledger(techs: tuple[Technician, Technician]) -> list[int]:
    finance = make_user("finance")
    one, two = techs
    order = completed_order(one, local(DAY, "09:00"))
    ids = [
        collect(finance, one, "120.50", local(DAY, "10:00"), order).id,
        collect(finance, one, "0.35", local(DAY, "11:00"), order).id,
        collect(finance, two, "88.88", local(DAY, "12:00")).id,
        collect(finance, two, "15.00", local(DAY, "13:00"), method="card").id,
    ]
    return ids


def test_reconciliation_shape(client: FlaskClient, login: Login, ledger: list[int]) -> None:
    response = client.get(f"/api/v1/finance/reconciliation?date={DAY}", headers=login("fin"))
    assert response.status_code == 200
    rows = response.json["rows"]
    assert set(rows[0]) == {"technician_id", "date", "collected_cash", "handed_over", "difference"}
    assert [(r["collected_cash"], r["difference"]) for r in rows] == [
        ("120.85", "120.85"),
        ("88.88", "88.88"),
    ]


def test_reversal_and_handover_through_the_api(
    client: FlaskClient, login: Login, ledger: list[int], techs: tuple[Technician, Technician]
) -> None:
    headers = login("fin")
    reversal = client.post(
        f"/api/v1/finance/entries/{ledger[1]}/reversal",
        json={"reason": "Wrong amount"},
        headers=headers,
    )
    assert reversal.status_code == 201
    assert reversal.json["amount"] == "-0.35"
    assert reversal.json["recorded_by"] == "fin"
    again = client.post(
        f"/api/v1/finance/entries/{ledger[1]}/reversal", json={"reason": "x"}, headers=headers
    )
    assert_error(again, 409, "already_reversed")
    handover = client.post(
        "/api/v1/finance/handovers",
        json={
            "technician_id": techs[0].id,
            "amount": "100.00",
            "received_at": "2026-11-20T10:00:00Z",
        },
        headers=headers,
    )
    assert handover.status_code == 201, handover.json
    assert handover.json["received_by"] == "fin"
    rows = client.get(f"/api/v1/finance/reconciliation?date={DAY}", headers=headers).json["rows"]
    assert rows[0] == {
        "technician_id": techs[0].id,
        "date": DAY,
        "collected_cash": "120.50",
        "handed_over": "100.00",
        "difference": "20.50",
    }
    entries = client.get(f"/api/v1/finance/entries?date={DAY}", headers=headers).json["items"]
    original = next(e for e in entries if e["id"] == ledger[1])
    assert original["reversed_by_id"] == reversal.json["id"]


def test_bad_handover_and_query(client: FlaskClient, login: Login, ledger: list[int]) -> None:
    headers = login("fin")
    bad = client.post(
        "/api/v1/finance/handovers",
        json={"technician_id": 9999, "amount": "-1", "received_at": "2026-11-20T10:00:00Z"},
        headers=headers,
    )
    assert_error(bad, 422, "validation_error", "amount")
    body = {"technician_id": 9999, "amount": "10.005", "received_at": "2026-11-20T10:00:00Z"}
    sub_cent = client.post("/api/v1/finance/handovers", json=body, headers=headers)
    error = assert_error(sub_cent, 422, "validation_error", "amount")  # refused, not rounded
    assert error["details"]["amount"] == ["Use at most two decimal places."]
    assert_error(
        client.get("/api/v1/finance/reconciliation?from=2026-11-21&to=2026-11-20", headers=headers),
        422,
        "validation_error",
        "to",
    )
    assert_error(
        client.get("/api/v1/finance/reconciliation", headers=headers),
        422,
        "validation_error",
        "date",
    )


def test_invoice_recorded_once(client: FlaskClient, login: Login, ledger: list[int]) -> None:
    headers = login("fin")
    url = f"/api/v1/finance/entries/{ledger[0]}/invoice"
    first = client.post(url, json={"invoice_no": "INV-0001"}, headers=headers)
    assert first.status_code == 201
    assert first.json["invoice_no"] == "INV-0001"
    assert_error(
        client.post(url, json={"invoice_no": "INV-0002"}, headers=headers), 409, "already_invoiced"
    )
    other = f"/api/v1/finance/entries/{ledger[2]}/invoice"
    assert_error(
        client.post(other, json={"invoice_no": "INV-0001"}, headers=headers),
        409,
        "duplicate_invoice",
    )


def test_technician_sees_only_own_ledger(
    client: FlaskClient, login: Login, ledger: list[int], techs: tuple[Technician, Technician]
) -> None:
    headers = login("t1")
    own = client.get(f"/api/v1/finance/entries?date={DAY}", headers=headers)
    assert own.status_code == 200
    assert {e["technician_id"] for e in own.json["items"]} == {techs[0].id}
    rows = client.get(f"/api/v1/finance/reconciliation?date={DAY}", headers=headers).json["rows"]
    assert [r["technician_id"] for r in rows] == [techs[0].id]
    other = client.get(
        f"/api/v1/finance/entries?date={DAY}&technician_id={techs[1].id}", headers=headers
    )
    assert_error(other, 403, "not_your_ledger")
    assert_error(
        client.get(f"/api/v1/finance/export?date={DAY}", headers=headers), 403, "forbidden"
    )


@pytest.mark.parametrize("role", ["agent", "dispatcher"])
def test_office_roles_without_ledger(client: FlaskClient, login: Login, role: str) -> None:
    make_user(role, role)
    headers = login(role)
    for url in (f"/api/v1/finance/reconciliation?date={DAY}", "/api/v1/finance/cash-held"):
        assert_error(client.get(url, headers=headers), 403, "forbidden")
    assert_error(
        client.post("/api/v1/finance/entries/1/reversal", json={"reason": "x"}, headers=headers),
        403,
        "forbidden",
    )


def use_a_part(order: WorkOrder, technician: Technician) -> None:
    part = add_part(
        None, {"code": f"CLAMP-{order.id}", "name": "Cable clamp", "unit_price": Decimal("4.50")}
    )
    fact = Fact(
        uuid=str(uuid.uuid4()), order_id=order.id, technician_id=technician.id, device_at=utcnow()
    )
    record_part_use(fact, {"part_id": part.id, "quantity": 2})
    db.session.commit()


def test_anomalies_find_money_without_work(
    client: FlaskClient, login: Login, ledger: list[int], techs: tuple[Technician, Technician]
) -> None:
    chargeable = completed_order(
        techs[1], local(DAY, "15:00"), kind="gps_repair", purchase_date=date(2024, 1, 10)
    )
    use_a_part(chargeable, techs[1])
    in_warranty = completed_order(
        techs[1], local(DAY, "16:00"), kind="gps_repair", purchase_date=date(2026, 6, 1)
    )
    use_a_part(in_warranty, techs[1])
    completed_order(  # out of warranty, but no parts: labour is free
        techs[1], local(DAY, "17:00"), kind="gps_repair", purchase_date=date(2024, 1, 10)
    )
    body = client.get(f"/api/v1/finance/anomalies?date={DAY}", headers=login("fin")).json
    assert [(a["entry"]["id"], a["reason"]) for a in body["fees_without_completion"]] == [
        (ledger[2], "no_order"),
        (ledger[3], "no_order"),
    ]
    assert [o["order_id"] for o in body["completions_without_fee"]] == [chargeable.id]


def test_csv_export_matches_ledger(client: FlaskClient, login: Login, ledger: list[int]) -> None:
    headers = login("fin")
    page = client.get(f"/api/v1/finance/reconciliation?date={DAY}", headers=headers).json["rows"]
    response = client.get(f"/api/v1/finance/export?date={DAY}&format=csv", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    *body, total = rows
    assert [(int(r["technician_id"]), r["collected_cash"]) for r in body] == [
        (p["technician_id"], p["collected_cash"]) for p in page
    ]
    assert total["technician"] == "TOTAL"
    assert Decimal(total["collected_cash"]) == sum(Decimal(p["collected_cash"]) for p in page)
    assert total["collected_cash"] == "209.73"

    ledger_csv = client.get(
        f"/api/v1/finance/export?date={DAY}&format=csv&table=ledger", headers=headers
    )
    *entries, ledger_total = csv.DictReader(io.StringIO(ledger_csv.get_data(as_text=True)))
    assert sorted(int(e["entry_id"]) for e in entries) == sorted(ledger)
    assert ledger_total["amount"] == "224.73"


def test_xlsx_export_matches_ledger(client: FlaskClient, login: Login, ledger: list[int]) -> None:
    headers = login("fin")
    response = client.get(f"/api/v1/finance/export?date={DAY}&format=xlsx", headers=headers)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Reconciliation", "Ledger"]
    recon = list(book["Reconciliation"].iter_rows(values_only=True))
    assert recon[0][:4] == ("technician_id", "technician", "date", "collected_cash")
    assert [Decimal(str(r[3])) for r in recon[1:]] == [
        Decimal("120.85"),
        Decimal("88.88"),
        Decimal("209.73"),
    ]
    ledger_rows = list(book["Ledger"].iter_rows(values_only=True))[1:]
    amounts = [Decimal(str(r[7])).quantize(Decimal("0.01")) for r in ledger_rows]
    assert sum(amounts[:-1]) == amounts[-1] == Decimal("224.73")
    assert book["Ledger"].cell(row=2, column=8).number_format == "0.00"


def test_the_fee_schedule_is_shown_to_the_office(client: FlaskClient, login: Login) -> None:
    make_user("admin", "boss")
    make_technician("tech_fees")
    schedule = client.get("/api/v1/finance/fee-schedule", headers=login("boss")).json
    assert schedule["currency"] == "CNY"
    assert schedule["source"] == "fixtures/policy/fees.json"
    rules = {rule["kind"]: rule for rule in schedule["chargeable"]}
    assert set(rules) == {"gps_repair", "gps_install", "water_leak", "gas_leak"}
    assert (rules["gps_repair"]["condition"], rules["gps_repair"]["warranty_months"]) == (
        "out_of_warranty",
        12,
    )
    refused = client.get("/api/v1/finance/fee-schedule", headers=login("tech_fees"))
    assert_error(refused, 403, "forbidden")
