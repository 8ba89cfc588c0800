"""Technician edits: working details, a shift that ends after it starts, what the log keeps."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from tests.assertions import assert_error
from tests.factories import make_technician, make_user


def test_shift_ending_before_it_starts_is_refused(
    client: FlaskClient, login: Callable[..., dict[str, str]]
) -> None:
    make_user("admin", "boss")
    technician = make_technician()
    headers = login("boss")
    response = client.patch(
        f"/api/v1/technicians/{technician.id}", json={"shift_end": "07:00:00"}, headers=headers
    )
    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation_error"
    assert response.json["error"]["details"] == {"shift_end": ["Must be after the shift start."]}
    listed = client.get("/api/v1/technicians", headers=headers).json
    kept = next(t for t in listed if t["id"] == technician.id)
    assert kept["shift_end"] == "17:00:00"


def test_admin_edits_working_details_and_the_log_keeps_only_changes(
    client: FlaskClient, login: Callable[..., dict[str, str]]
) -> None:
    make_user("admin", "boss")
    technician = make_technician()
    headers = login("boss")
    body = {
        "phone": "+86 138 0000 0000",
        "skills": ["water"],
        "shift_start": "08:00",  # as it was: not in the log
        "shift_end": "18:30",
        "home_address": "12 West Lake Rd",
        "home_lat": 30.25,
        "home_lon": 120.2,
    }
    response = client.patch(f"/api/v1/technicians/{technician.id}", json=body, headers=headers)
    assert response.status_code == 200, response.json
    listed = client.get("/api/v1/technicians", headers=headers).json
    (kept,) = [t for t in listed if t["id"] == technician.id]
    assert {k: kept[k] for k in body} == {
        **body,
        "shift_start": "08:00:00",
        "shift_end": "18:30:00",
    }
    log = client.get(
        f"/api/v1/audit?entity_type=technician&entity_id={technician.id}", headers=headers
    )
    assert log.json[0]["changes"] == {
        "phone": ["", "+86 138 0000 0000"],
        "skills": [["water", "gas", "gps"], ["water"]],
        "shift_end": ["17:00:00", "18:30:00"],
        "home_address": ["", "12 West Lake Rd"],
        "home_lat": ["30.2741", "30.25"],
        "home_lon": ["120.1551", "120.2"],
    }


def test_a_home_off_the_map_is_refused(
    client: FlaskClient, login: Callable[..., dict[str, str]]
) -> None:
    make_user("admin", "boss")
    technician = make_technician()
    headers = login("boss")
    response = client.patch(
        f"/api/v1/technicians/{technician.id}",
        json={"home_lat": 91, "home_lon": "east", "skills": ["plumbing"]},
        headers=headers,
    )
    error = assert_error(response, 422, "validation_error")
    assert set(error["details"]) == {"home_lat", "home_lon", "skills"}
    listed = client.get("/api/v1/technicians", headers=headers).json
    (kept,) = [t for t in listed if t["id"] == technician.id]
    assert (kept["home_lat"], kept["skills"]) == (30.2741, ["water", "gas", "gps"])
