"""The deadline policy, exactly at its boundaries: the service itself and through the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.policy.deadlines import compute_deadlines
from tests.factories import make_user, order_payload

REPORTED = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)  # Sunday 09:00 in Asia/Shanghai
HOUR = timedelta(hours=1)


@pytest.fixture
def agent(login: Any) -> dict[str, str]:
    make_user("agent", "agent")
    return login("agent")


WATER = [(1, 24, "<=300 mm"), (300, 24, "<=300 mm"), (301, 48, "301-999 mm")]
WATER += [(999, 48, "301-999 mm"), (1000, 72, ">=1000 mm"), (4000, 72, ">=1000 mm")]


@pytest.mark.parametrize(("diameter", "hours", "size_class"), WATER)
def test_water_boundaries_in_the_service(
    app: Flask, diameter: int, hours: int, size_class: str
) -> None:
    deadlines = compute_deadlines("water_leak", REPORTED, diameter)
    assert deadlines.due_at == REPORTED + hours * HOUR
    assert deadlines.size_class == size_class
    assert (deadlines.respond_by, deadlines.make_safe_by, deadlines.hard) == (None, None, False)


@pytest.mark.parametrize(("diameter", "hours", "size_class"), WATER)
def test_water_boundaries_through_the_api(
    client: FlaskClient, agent: dict[str, str], diameter: int, hours: int, size_class: str
) -> None:
    body = order_payload(
        "water_leak", pipe_diameter_mm=diameter, reported_at="2026-11-22T01:00:00Z"
    )
    response = client.post("/api/v1/orders", json=body, headers=agent)
    assert response.status_code == 201, response.json
    order = response.json
    assert datetime.fromisoformat(order["due_at"]) == REPORTED + hours * HOUR
    assert order["size_class"] == size_class
    assert order["deadline_hard"] is False
    assert order["respond_by"] is None
    assert order["make_safe_by"] is None


def test_gas_grade_1_is_hard_with_respond_and_make_safe(app: Flask) -> None:
    deadlines = compute_deadlines("gas_leak", REPORTED, 1)
    assert deadlines.respond_by == REPORTED + HOUR
    assert deadlines.make_safe_by == REPORTED + 12 * HOUR
    assert deadlines.due_at == REPORTED + 12 * HOUR
    assert deadlines.hard is True
    assert deadlines.size_class == "grade 1"


def test_gas_grade_2_is_180_days(app: Flask) -> None:
    deadlines = compute_deadlines("gas_leak", REPORTED, 2)
    assert deadlines.due_at == datetime(2027, 5, 21, 1, 0, tzinfo=UTC)
    assert deadlines.due_at == REPORTED + timedelta(days=180)
    assert (deadlines.respond_by, deadlines.make_safe_by, deadlines.hard) == (None, None, False)


GRADE_3 = [
    # plain: same local day and clock 15 months on
    ("2026-11-22T01:00:00+00:00", "2028-02-22T01:00:00+00:00"),
    # clamped to the end of a shorter month (2027-04-31 does not exist)
    ("2026-01-31T02:00:00+00:00", "2027-04-30T02:00:00+00:00"),
    # clamped to a leap day (2028-02-30 does not exist, 2028-02-29 does)
    ("2026-11-30T02:00:00+00:00", "2028-02-29T02:00:00+00:00"),
    # months count in the operator's calendar: 2026-03-01 01:00 in Shanghai is still
    # 2026-02-28 in UTC, and 15 months after 1 March is 1 June, not 28 May
    ("2026-02-28T17:00:00+00:00", "2027-05-31T17:00:00+00:00"),
]


@pytest.mark.parametrize(("reported", "due"), GRADE_3)
def test_gas_grade_3_is_15_calendar_months(app: Flask, reported: str, due: str) -> None:
    deadlines = compute_deadlines("gas_leak", datetime.fromisoformat(reported), 3)
    assert deadlines.due_at == datetime.fromisoformat(due)
    assert deadlines.size_class == "grade 3"
    assert deadlines.hard is False


@pytest.mark.parametrize(
    ("grade", "due", "respond_by", "hard"),
    [
        (1, "2026-11-22T13:00:00+00:00", "2026-11-22T02:00:00+00:00", True),
        (2, "2027-05-21T01:00:00+00:00", None, False),
        (3, "2028-02-22T01:00:00+00:00", None, False),
    ],
)
def test_gas_grades_through_the_api(
    client: FlaskClient,
    agent: dict[str, str],
    grade: int,
    due: str,
    respond_by: str | None,
    hard: bool,
) -> None:
    body = order_payload("gas_leak", leak_grade=grade, reported_at="2026-11-22T01:00:00Z")
    order = client.post("/api/v1/orders", json=body, headers=agent).json
    assert order["leak_grade"] == grade
    assert order["due_at"] == due
    assert order["respond_by"] == respond_by
    assert order["make_safe_by"] == ("2026-11-22T13:00:00+00:00" if grade == 1 else None)
    assert order["deadline_hard"] is hard


@pytest.mark.parametrize(
    ("lel", "place", "grade"),
    [
        ("5", "building", 1),
        ("1", "outside_wall", 1),
        ("80", "confined_space", 1),
        ("79.9", "confined_space", 2),
        ("20", "open_air", 2),
        ("19.9", "open_air", 3),
    ],
)
def test_gas_reading_alone_gets_a_suggested_grade(
    client: FlaskClient, agent: dict[str, str], lel: str, place: str, grade: int
) -> None:
    body = order_payload("gas_leak", reported_at="2026-11-22T01:00:00Z")
    del body["leak_grade"]
    body.update(lel_percent=lel, lel_measured_at=place)
    response = client.post("/api/v1/orders", json=body, headers=agent)
    assert response.status_code == 201, response.json
    order = response.json
    assert order["leak_grade"] == grade
    assert Decimal(order["lel_percent"]) == Decimal(lel)
    assert order["lel_measured_at"] == place
    assert order["size_class"] == f"grade {grade}"
    assert (order["respond_by"] is not None) is (grade == 1)


def test_given_grade_wins_over_the_reading(client: FlaskClient, agent: dict[str, str]) -> None:
    body = order_payload("gas_leak", leak_grade=3, lel_percent="50", lel_measured_at="building")
    order = client.post("/api/v1/orders", json=body, headers=agent).json
    assert order["leak_grade"] == 3
    assert order["size_class"] == "grade 3"


GPS_REPAIR = [
    # Friday 10:00 local: Monday is the first working day, Tuesday the second
    ("2026-11-20T02:00:00+00:00", "2026-11-24T02:00:00+00:00"),
    # Thursday before the Mid-Autumn Festival (Friday 25 September is a holiday)
    ("2026-09-24T02:00:00+00:00", "2026-09-29T02:00:00+00:00"),
    # Friday 9 October: Saturday 10 October is a make-up working day
    ("2026-10-09T02:00:00+00:00", "2026-10-12T02:00:00+00:00"),
    # Friday 17:00 UTC is already Saturday 01:00 in Shanghai: count from Saturday
    ("2026-11-20T17:00:00+00:00", "2026-11-23T17:00:00+00:00"),
    # Wednesday 30 September: the National Day holidays and their weekend are skipped
    ("2026-09-30T02:00:00+00:00", "2026-10-09T02:00:00+00:00"),
]


@pytest.mark.parametrize(("reported", "due"), GPS_REPAIR)
def test_gps_repair_counts_working_days(app: Flask, reported: str, due: str) -> None:
    deadlines = compute_deadlines("gps_repair", datetime.fromisoformat(reported), None)
    assert deadlines.due_at == datetime.fromisoformat(due)
    assert deadlines.size_class == "repair"


@pytest.mark.parametrize(("reported", "due"), GPS_REPAIR[:3])
def test_gps_repair_through_the_api(
    client: FlaskClient, agent: dict[str, str], reported: str, due: str
) -> None:
    body = order_payload("gps_repair", reported_at=reported)
    order = client.post("/api/v1/orders", json=body, headers=agent).json
    assert order["status"] == "new"
    assert order["due_at"] == due


def test_gps_install_is_due_at_the_end_of_the_appointment(app: Flask) -> None:
    end = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    deadlines = compute_deadlines("gps_install", REPORTED, None, end)
    assert deadlines.due_at == end
    assert deadlines.size_class == "install"
    assert compute_deadlines("gps_install", REPORTED, None).due_at is None


def test_gps_install_through_the_api(client: FlaskClient, agent: dict[str, str]) -> None:
    body = order_payload(
        "gps_install",
        reported_at="2026-11-22T01:00:00Z",
        appointment_start="2026-11-25T14:00:00+08:00",
        appointment_end="2026-11-25T16:00:00+08:00",
    )
    order = client.post("/api/v1/orders", json=body, headers=agent).json
    assert order["due_at"] == "2026-11-25T08:00:00+00:00"
    assert order["appointment_start"] == "2026-11-25T06:00:00+00:00"
