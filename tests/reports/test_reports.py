"""Reports: figures from known orders, callbacks, complaints and cash; CSV and SVG."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.extensions import db
from server.finance.service import Handover, record_handover
from server.policy.seed import ensure_defaults
from server.reports.charts import CHARTS, LATE, ON_TIME, PENDING
from server.servicedesk.callbacks import Outcome, record_callback
from server.servicedesk.complaints import Intake, open_complaint, record_first_contact
from server.timeutil import local_date, utcnow
from tests.assertions import assert_error
from tests.factories import make_customer, make_technician, make_user
from tests.finance.helpers import collect, complete, completed_order
from tests.finance.test_reconciliation import local

Login = Callable[..., dict[str, str]]
DAY = "2026-11-20"
URL = f"/api/v1/reports?from={DAY}&to=2026-11-21"


@pytest.fixture
def world(app: Flask) -> None:
    ensure_defaults()
    make_user("dispatcher", "disp")
    agent, finance = make_user("agent"), make_user("finance")
    tech = make_technician()
    # reported at 08:00, 24 h deadline: one on time, one late (finished the next day 09:00)
    on_time = completed_order(tech, local(DAY, "10:00"), reported_at=local(DAY, "08:00"))
    late = completed_order(tech, local("2026-11-21", "09:00"), reported_at=local(DAY, "08:00"))
    record_callback(
        agent, Outcome(on_time.id, "satisfied", 5), now=on_time.completed_at + timedelta(minutes=9)
    )  # type: ignore[operator]
    record_callback(
        agent, Outcome(late.id, "not_satisfied", 2), now=late.completed_at + timedelta(minutes=30)
    )  # type: ignore[operator]
    complete(late, tech, local("2026-11-21", "15:00"))
    collect(finance, tech, "100.10", local(DAY, "10:05"), on_time)
    record_handover(finance, Handover(tech.id, Decimal("60.05"), local(DAY, "17:00")))
    open_complaint(
        agent, Intake("phone", make_customer().id, "Rude", received_at=local(DAY, "09:00"))
    )
    db.session.commit()


def test_figures(client: FlaskClient, login: Login, world: None) -> None:
    response = client.get(URL, headers=login("disp"))
    assert response.status_code == 200, response.json
    reports = response.json["reports"]
    [timely] = reports["timeliness"]["rows"]
    assert (timely["completed"], timely["on_time"], timely["rate"]) == (2, 1, 0.5)
    assert timely["target"] == 0.98
    assert timely["meets_target"] is False
    assert [r["within"] for r in reports["callbacks"]["rows"]] == [1, 0]
    assert [r["missing"] for r in reports["callbacks"]["rows"]] == [
        0,
        1,
    ]  # re-completed, not called
    [ftf] = reports["first_time_fix"]["rows"]
    assert (ftf["completed"], ftf["first_time"]) == (2, 1)
    assert reports["fees"]["rows"][0] == {
        "date": DAY, "collected_cash": "100.10", "handed_over": "60.05", "difference": "40.05"
    }  # fmt: skip
    general = next(r for r in reports["complaints"]["rows"] if r["tier"] == "general")
    assert general["total"] == 1
    assert general["overdue"] == 1  # 3 working days from Friday 20 Nov passed long ago
    assert general["first_contact_late"] == 1  # never contacted, 3 h after 09:00


def test_complaints_count_a_missed_first_contact(
    client: FlaskClient, login: Login, app: Flask
) -> None:
    ensure_defaults()
    make_user("dispatcher", "disp")
    agent = make_user("agent")
    now = utcnow()
    contacted = open_complaint(agent, Intake("phone", make_customer().id, "Bill", received_at=now))
    record_first_contact(agent, contacted.id, "called back")  # within 3 h
    open_complaint(agent, Intake("web", make_customer().id, "Noise", received_at=now))  # in time
    waited = now - timedelta(hours=4)
    open_complaint(agent, Intake("visit", make_customer().id, "Leak", received_at=waited))
    db.session.commit()
    period = f"from={local_date(waited)}&to={local_date(now)}"
    rows = client.get(f"/api/v1/reports?{period}", headers=login("disp")).json["reports"]
    general = next(r for r in rows["complaints"]["rows"] if r["tier"] == "general")
    # each complaint once against each deadline: all three open and in time for resolution;
    # contacted on time, contact late, not contacted yet but still in time
    assert general == {
        "tier": "general", "total": 3, "on_time": 0, "overdue": 0, "open_in_time": 3,
        "first_contact_on_time": 1, "first_contact_late": 1, "first_contact_pending": 1,
    }  # fmt: skip


def test_the_complaints_chart_stacks_each_complaint_once_per_deadline() -> None:
    """One open complaint whose first contact is late: one 'still in time' segment on the
    resolution bar and one red 'late' segment on the first-contact bar; none green."""
    row = {"tier": "important", "total": 1, "on_time": 0, "overdue": 0, "open_in_time": 1,
           "first_contact_on_time": 0, "first_contact_late": 1, "first_contact_pending": 0}  # fmt: skip
    svg = CHARTS["complaints"]("Complaints by tier", [row])
    segments = re.findall(
        r'<rect [^>]*height="([\d.]+)" fill="([^"]+)"[^>]*><title>([^<]+)</title>', svg
    )
    assert [(fill, title) for _, fill, title in segments] == [
        (PENDING, "important, resolution: still in time 1 of 1"),
        (LATE, "important, first contact: late or overdue 1 of 1"),
    ]
    assert len({height for height, _, _ in segments}) == 1  # the same one complaint, twice
    assert ON_TIME not in [fill for _, fill, title in segments if "late" in title]
    legend = re.findall(
        r'<rect [^>]*width="12" height="12" fill="([^"]+)"/><text [^>]*>([^<]+)<', svg
    )
    assert legend == [(ON_TIME, "on time"), (LATE, "late or overdue"), (PENDING, "still in time")]


def test_each_report_defines_its_columns(client: FlaskClient, login: Login, world: None) -> None:
    """The table's definition travels with the figures: headings and what each column holds,
    so that the page formats a rate as a rate and an amount as an amount, whatever the value."""
    reports = client.get(URL, headers=login("disp")).json["reports"]
    for name, report in reports.items():
        keys = [c["key"] for c in report["columns"]]
        for row in report["rows"]:
            assert set(keys) <= set(row), (name, keys, row)
        assert all(c["label"] and "_" not in c["label"] for c in report["columns"]), name
    formats = {c["key"]: c["format"] for c in reports["timeliness"]["columns"]}
    assert formats == {
        "kind": "kind", "size_class": "text", "completed": "count", "on_time": "count",
        "rate": "percent", "target": "percent", "meets_target": "yes_no",
    }  # fmt: skip
    fees = {c["key"]: c["format"] for c in reports["fees"]["columns"]}
    assert fees["collected_cash"] == fees["difference"] == "money"
    groups = [(c["group"], c["label"]) for c in reports["complaints"]["columns"]][2:5]
    assert groups == [("Resolution", "On time"), ("Resolution", "Late or overdue"),
                      ("Resolution", "Still in time")]  # fmt: skip


def test_repair_timeliness_counts_leak_repairs_only(
    client: FlaskClient, login: Login, app: Flask
) -> None:
    ensure_defaults()
    make_user("dispatcher", "disp")
    tech = make_technician(skills=["water", "gps"])
    completed_order(tech, local(DAY, "10:00"), reported_at=local(DAY, "08:00"))
    gps = completed_order(
        tech, local(DAY, "11:00"), kind="gps_repair", reported_at=local(DAY, "08:00")
    )
    db.session.commit()
    assert gps.due_at is not None  # it has a deadline, and is measured against it ...
    reports = client.get(URL, headers=login("disp")).json["reports"]
    assert [r["kind"] for r in reports["sla_by_kind"]["rows"]] == ["gps_repair", "water_leak"]
    # ... by kind, not in the leak-repair timeliness rate, whose size classes it lacks
    assert [r["kind"] for r in reports["timeliness"]["rows"]] == ["water_leak"]


def test_csv_and_svg(client: FlaskClient, login: Login, world: None) -> None:
    headers = login("disp")
    body = client.get(f"/api/v1/reports/fees.csv?from={DAY}&to=2026-11-21", headers=headers)
    assert body.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(body.get_data(as_text=True))))
    assert rows[0]["collected_cash"] == "100.10"
    svg = client.get(f"/api/v1/reports/timeliness.svg?from={DAY}&to=2026-11-21", headers=headers)
    assert svg.mimetype == "image/svg+xml"
    text = svg.get_data(as_text=True)
    assert text.startswith("<svg")
    assert "target 98%" in text
    assert "50.0%" in text
    labels = re.findall(r"<text [^>]*>([^<]*)</text>", text)
    assert any(label.startswith(("Water leak", "Gas leak")) for label in labels), labels
    assert not [label for label in labels if "_leak" in label]  # kinds by name, not code
    assert_error(
        client.get(f"/api/v1/reports/nope.csv?date={DAY}", headers=headers), 404, "not_found"
    )


@pytest.mark.parametrize("role", ["agent", "technician"])
def test_reports_roles(client: FlaskClient, login: Login, app: Flask, role: str) -> None:
    if role == "technician":
        make_technician("t9")
    else:
        make_user(role, "someone")
    headers = login("t9" if role == "technician" else "someone")
    assert_error(client.get(f"/api/v1/reports?date={DAY}", headers=headers), 403, "forbidden")


def test_date_range_limits(client: FlaskClient, login: Login, app: Flask) -> None:
    make_user("admin", "boss")
    start = date(2025, 1, 1)
    url = f"/api/v1/reports?from={start}&to={start + timedelta(days=400)}"
    assert_error(client.get(url, headers=login("boss")), 422, "validation_error", "to")


def test_a_rate_of_no_orders_is_marked_not_drawn_as_zero() -> None:
    svg = CHARTS["sla_by_kind"](
        "SLA compliance by kind",
        [{"kind": "gps_install", "rate": None}, {"kind": "gas_leak", "rate": 0.0}],
    )
    bars = re.findall(r"<rect [^>]*><title>rate ([^:]+): ([^<]+)</title>", svg)
    assert bars == [("Gas leak", "0.0%")]  # the measured 0 % is a bar; no orders is not
    assert "<title>no orders to measure</title>n/a</text>" in svg
