"""Technician edits: a shift must end after it starts."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

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
    assert response.json["error"]["details"] == {"shift_end": ["Must be after shift_start."]}
    listed = client.get("/api/v1/technicians", headers=headers).json
    kept = next(t for t in listed if t["id"] == technician.id)
    assert kept["shift_end"] == "17:00:00"
