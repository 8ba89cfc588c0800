"""Reading the audit log: newest first, filtered, and paged by id (``before_id``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.audit import service as audit
from server.extensions import db
from tests.assertions import assert_error
from tests.factories import make_user

Headers = dict[str, str]


@pytest.fixture
def admin(app: Flask, login: Callable[..., Headers]) -> Headers:
    """An admin signed in, and seven part entries (with the admin's own among them)."""
    make_user("admin", "boss")
    for part in range(7):
        audit.record(None, "part", part, "created", {"serial": part})
    db.session.commit()
    return login("boss")


def _ids(client: FlaskClient, headers: Headers, query: str) -> list[int]:
    response = client.get(f"/api/v1/audit?{query}", headers=headers)
    assert response.status_code == 200, response.json
    return [entry["id"] for entry in response.json]


def test_two_pages_give_every_entry_once(client: FlaskClient, admin: Headers) -> None:
    every = _ids(client, admin, "limit=1000")
    assert len(every) >= 8  # the admin's creation and the seven parts
    assert every == sorted(every, reverse=True)
    first = _ids(client, admin, "limit=5")
    second = _ids(client, admin, f"limit=1000&before_id={first[-1]}")
    assert first + second == every
    assert _ids(client, admin, f"before_id={every[-1]}") == []


def test_pages_keep_the_filter(client: FlaskClient, admin: Headers) -> None:
    first = _ids(client, admin, "entity_type=part&limit=4")
    second = _ids(client, admin, f"entity_type=part&limit=4&before_id={first[-1]}")
    assert (len(first), len(second)) == (4, 3)
    parts = client.get("/api/v1/audit?entity_type=part", headers=admin).json
    assert [e["id"] for e in parts] == first + second
    assert [e["entity_id"] for e in parts] == [str(n) for n in range(6, -1, -1)]


@pytest.mark.parametrize("query", ["before_id=0", "before_id=abc", "limit=1001"])
def test_bad_paging_is_refused(client: FlaskClient, admin: Headers, query: str) -> None:
    field = query.split("=")[0]
    assert_error(
        client.get(f"/api/v1/audit?{query}", headers=admin), 422, "validation_error", field
    )


def test_only_admins_read_the_log(
    client: FlaskClient, admin: Headers, login: Callable[..., Headers]
) -> None:
    make_user("dispatcher", "disp")
    response = client.get("/api/v1/audit?before_id=1000", headers=login("disp"))
    assert_error(response, 403, "forbidden")
    assert_error(client.get("/api/v1/audit?before_id=1000"), 401, "missing_token")
