"""Customers, sites and vehicles."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select

from server.customers.models import Customer, Site, Vehicle
from server.errors import NotFound, ValidationFailed
from server.extensions import db


def get_customer(customer_id: int, field: str = "customer_id") -> Customer:
    customer = db.session.get(Customer, customer_id)
    if customer is None:
        raise ValidationFailed(
            "Unknown customer.", details={field: [f"No customer {customer_id}."]}
        )
    return customer


def find_customer(customer_id: int) -> Customer:
    customer = db.session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(f"No customer {customer_id}.")
    return customer


def matching(text: str) -> ColumnElement[bool]:
    """Customers whose name holds ``text`` (any case), or whose phone holds its digits
    ("139 5555", "1395555" and "139-5555" all find "+86 139 5555 0101")."""
    conditions = [func.lower(Customer.name).like(f"%{text.lower()}%")]
    digits = re.sub(r"[\s-]", "", text)
    if digits:
        phone = func.replace(func.replace(Customer.phone, " ", ""), "-", "")
        conditions.append(phone.like(f"%{digits}%"))
    return or_(*conditions)


def search_customers(
    text: str = "", page: int = 1, per_page: int = 50
) -> tuple[list[Customer], int]:
    query = select(Customer)
    if text.strip():
        query = query.where(matching(text.strip()))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(Customer.name).limit(per_page).offset((page - 1) * per_page)
    )
    return list(rows), total


def add_customer(data: dict[str, Any]) -> Customer:
    """A new customer with its sites (flushes only)."""
    customer = Customer(
        ref=data.get("ref"),
        name=data["name"],
        phone=data.get("phone", ""),
        grade=data.get("grade", "C"),
    )
    db.session.add(customer)
    for site in data.get("sites", []):
        customer.sites.append(Site(**site))
    db.session.flush()
    return customer


def create_customer(data: dict[str, Any]) -> Customer:
    customer = add_customer(data)
    db.session.commit()
    return customer


def add_site(customer: Customer, data: dict[str, Any]) -> Site:
    site = Site(customer=customer, address=data["address"], lat=data["lat"], lon=data["lon"])
    db.session.add(site)
    db.session.flush()
    return site


def site_of(customer: Customer, site_id: int) -> Site:
    site = db.session.get(Site, site_id)
    if site is None or site.customer_id != customer.id:
        raise ValidationFailed(
            "Unknown site.", details={"site_id": [f"No site {site_id} for this customer."]}
        )
    return site


def ensure_vehicle(customer: Customer, plate: str) -> Vehicle:
    """The vehicle with this plate, registered to the customer if it is new."""
    vehicle = db.session.scalar(select(Vehicle).where(Vehicle.plate == plate))
    if vehicle is None:
        vehicle = Vehicle(plate=plate, customer=customer)
        db.session.add(vehicle)
        db.session.flush()
    return vehicle
