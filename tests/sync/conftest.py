"""Fixtures for sync tests: a technician with an assigned order, and a push helper."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from server.extensions import db
from server.orders.models import WorkOrder
from server.orders.transitions import TransitionRequest, move
from server.parts import service as parts
from server.technicians.models import Technician
from server.timeutil import utcnow
from tests.factories import make_order, make_technician

AT = "2026-11-22T09:14:03+08:00"


def assign(order: WorkOrder, technician: Technician) -> None:
    move(
        None,
        order,
        TransitionRequest(to="assigned", version=order.version, technician_id=technician.id),
        utcnow(),
    )
    db.session.commit()


@dataclass
class Phone:
    """A technician's phone: its device id and a counter for ``seq``."""

    client: FlaskClient
    headers: dict[str, str]
    device_id: str
    seq: int = 0

    def mutation(
        self, type_: str, order_id: int, payload: dict[str, Any] | None = None, **extra: Any
    ) -> dict[str, Any]:
        self.seq += 1
        return {
            "id": str(uuid.uuid4()),
            "device_id": self.device_id,
            "seq": self.seq,
            "type": type_,
            "order_id": order_id,
            "base_version": 1,
            "at": AT,
            "payload": payload or {},
            **extra,
        }

    def push(self, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.client.post(
            "/api/v1/sync/push",
            json={"device_id": self.device_id, "mutations": list(mutations)},
            headers=self.headers,
        )
        assert response.status_code == 200, response.json
        results: list[dict[str, Any]] = response.json["results"]
        assert [r["id"] for r in results] == [str(m.get("id", "")) for m in mutations]
        return results

    def pull(self, cursor: int = 0) -> dict[str, Any]:
        response = self.client.get(f"/api/v1/sync/pull?cursor={cursor}", headers=self.headers)
        assert response.status_code == 200, response.json
        body: dict[str, Any] = response.json
        return body


@pytest.fixture
def technician(app: Any) -> Technician:
    return make_technician("tech01")


@pytest.fixture
def order(technician: Technician) -> WorkOrder:
    order = make_order("water_leak")
    assign(order, technician)
    return order


@pytest.fixture
def phone_for(client: FlaskClient, login: Callable[..., dict[str, str]]) -> Callable[..., Phone]:
    def _phone(username: str = "tech01", device_id: str = "device-A") -> Phone:
        return Phone(client, login(username), device_id)

    return _phone


@pytest.fixture
def phone(technician: Technician, phone_for: Callable[..., Phone]) -> Phone:
    return phone_for()


@pytest.fixture
def part() -> Any:
    made = parts.add_part(
        None, {"code": "VALVE-50", "name": "Gate valve DN50", "unit_price": Decimal("85.00")}
    )
    db.session.commit()
    return made


@pytest.fixture
def tracked_part() -> Any:
    made = parts.add_part(
        None,
        {
            "code": "GT06N",
            "name": "GPS terminal GT06N",
            "unit_price": Decimal("260.00"),
            "serial_tracked": True,
        },
    )
    db.session.commit()
    return made


def reload(order_id: int) -> WorkOrder:
    db.session.expire_all()
    return db.session.get_one(WorkOrder, order_id)


NOW = datetime(2026, 11, 22, 1, 14, 3, tzinfo=UTC)
