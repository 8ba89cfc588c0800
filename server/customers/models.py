"""Customers, their sites and their vehicles."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Model

GRADES = ("A", "B", "C")


class Customer(Model):
    __tablename__ = "customers"
    __table_args__ = (CheckConstraint("grade IN ('A', 'B', 'C')", name="grade"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    grade: Mapped[str] = mapped_column(String(1), default="C")

    sites: Mapped[list[Site]] = relationship(back_populates="customer", order_by="Site.id")
    vehicles: Mapped[list[Vehicle]] = relationship(back_populates="customer")


class Site(Model):
    __tablename__ = "sites"
    __table_args__ = (
        CheckConstraint("lat BETWEEN -90 AND 90", name="lat_range"),
        CheckConstraint("lon BETWEEN -180 AND 180", name="lon_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    address: Mapped[str] = mapped_column(String(300))
    lat: Mapped[float]
    lon: Mapped[float]

    customer: Mapped[Customer] = relationship(back_populates="sites")


class Vehicle(Model):
    __tablename__ = "vehicles"

    id: Mapped[int] = mapped_column(primary_key=True)
    plate: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)

    customer: Mapped[Customer | None] = relationship(back_populates="vehicles")
