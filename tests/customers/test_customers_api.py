"""The customers API: search by name or phone, create with sites, read one; who may."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.customers.models import Customer
from server.extensions import db
from tests.assertions import assert_error
from tests.factories import make_customer, make_technician, make_user

Headers = dict[str, str]
SITE = {"address": "12 Tianmushan Road, Hangzhou", "lat": 30.2741, "lon": 120.1551}


@pytest.fixture
def agent(login: Any) -> Headers:
    make_user("agent", "desk")
    return login("desk")


@pytest.fixture
def people(app: Flask) -> dict[str, int]:
    made = {
        "wang": make_customer(name="Wang Fang", phone="+86 139 5555 0101"),
        "wangli": make_customer(name="Wangli Logistics", phone="0571-8888-2323"),
        "li": make_customer(name="Li Wei", phone="+86 138 1234 9876"),
    }
    return {key: c.id for key, c in made.items()}


def _found(client: FlaskClient, headers: Headers, query: str) -> list[int]:
    response = client.get(f"/api/v1/customers?{query}", headers=headers)
    assert response.status_code == 200, response.json
    return [c["id"] for c in response.json["items"]]


def test_search_by_name_any_case(
    client: FlaskClient, agent: Headers, people: dict[str, int]
) -> None:
    assert _found(client, agent, "q=WANG") == [people["wang"], people["wangli"]]  # by name
    assert _found(client, agent, "q=li%20wei") == [people["li"]]
    assert _found(client, agent, "q=") == [people["li"], people["wang"], people["wangli"]]


@pytest.mark.parametrize("typed", ["13955550101", "139 5555", "139-5555-0101", "5555%200101"])
def test_search_by_phone_ignores_spaces_and_dashes(
    client: FlaskClient, agent: Headers, people: dict[str, int], typed: str
) -> None:
    assert _found(client, agent, f"q={typed}") == [people["wang"]]


def test_search_pages(client: FlaskClient, agent: Headers, people: dict[str, int]) -> None:
    response = client.get("/api/v1/customers?q=wang&per_page=1&page=2", headers=agent).json
    assert (response["total"], [c["id"] for c in response["items"]]) == (2, [people["wangli"]])


def test_create_with_sites_and_read_back(client: FlaskClient, agent: Headers) -> None:
    body = {"name": "Zhao Lei", "phone": "+86 137 0000 1111", "grade": "A", "sites": [SITE]}
    created = client.post("/api/v1/customers", json=body, headers=agent)
    assert created.status_code == 201, created.json
    read = client.get(f"/api/v1/customers/{created.json['id']}", headers=agent).json
    assert (read["name"], read["grade"], read["phone"]) == ("Zhao Lei", "A", "+86 137 0000 1111")
    assert [s["address"] for s in read["sites"]] == [SITE["address"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"phone": "1"}, "name"),
        ({"name": ""}, "name"),
        ({"name": "X", "grade": "Z"}, "grade"),
        ({"name": "X", "sites": [{**SITE, "lat": 91}]}, "sites"),
        ({"name": "X", "sites": [{**SITE, "lon": "NaN"}]}, "sites"),
        ({"name": "X", "sites": [{"lat": 30, "lon": 120}]}, "sites"),
    ],
)
def test_bad_customer_is_refused_and_nothing_is_written(
    client: FlaskClient, agent: Headers, body: dict[str, Any], field: str
) -> None:
    assert_error(
        client.post("/api/v1/customers", json=body, headers=agent), 422, "validation_error", field
    )
    assert db.session.query(Customer).count() == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [("q=" + "x" * 101, "q"), ("per_page=201", "per_page"), ("page=0", "page")],
)
def test_bad_search(client: FlaskClient, agent: Headers, query: str, field: str) -> None:
    assert_error(
        client.get(f"/api/v1/customers?{query}", headers=agent), 422, "validation_error", field
    )


def test_unknown_customer(client: FlaskClient, agent: Headers) -> None:
    assert_error(client.get("/api/v1/customers/9999", headers=agent), 404, "not_found")


def test_technicians_do_not_browse_customers(
    client: FlaskClient, login: Any, people: dict[str, int]
) -> None:
    make_technician("tech_c")
    tech = login("tech_c")
    assert_error(client.get("/api/v1/customers", headers=tech), 403, "forbidden")
    assert_error(client.get(f"/api/v1/customers/{people['li']}", headers=tech), 403, "forbidden")
    created = client.post("/api/v1/customers", json={"name": "X"}, headers=tech)
    assert_error(created, 403, "forbidden")


def test_finance_reads_but_does_not_create(client: FlaskClient, login: Any) -> None:
    make_user("finance", "cash")
    clerk = login("cash")
    assert client.get("/api/v1/customers", headers=clerk).status_code == 200
    assert_error(
        client.post("/api/v1/customers", json={"name": "X"}, headers=clerk), 403, "forbidden"
    )


def test_search_needs_a_token(client: FlaskClient) -> None:
    assert_error(client.get("/api/v1/customers"), 401, "missing_token")
