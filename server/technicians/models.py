"""Technicians: the field staff who work orders."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import User
from server.extensions import Model
from server.timeutil import UTCDateTime

SKILLS = ("gps", "water", "gas")


class Technician(Model):
    __tablename__ = "technicians"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    shift_start: Mapped[time]
    shift_end: Mapped[time]
    home_address: Mapped[str] = mapped_column(String(300), default="")
    home_lat: Mapped[float]
    home_lon: Mapped[float]
    color: Mapped[str] = mapped_column(String(9), default="#1f77b4")
    active: Mapped[bool] = mapped_column(default=True)
    last_lat: Mapped[float | None]
    last_lon: Mapped[float | None]
    last_fix_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="selectin")  # every dump shows the username

    @property
    def name(self) -> str:
        return self.user.full_name or self.user.username
